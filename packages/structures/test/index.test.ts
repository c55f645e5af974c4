import { describe, expect, it } from 'vitest'
import { PACKAGE_NAME } from '@cachex-js/structures'

describe('@cachex-js/structures', () => {
  it('resolves to its own source through the workspace', () => {
    expect(PACKAGE_NAME).toBe('@cachex-js/structures')
  })
})
