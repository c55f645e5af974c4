import { describe, expect, it } from 'vitest'
import { PACKAGE_NAME } from '@cachex-js/lock'

describe('@cachex-js/lock', () => {
  it('resolves to its own source through the workspace', () => {
    expect(PACKAGE_NAME).toBe('@cachex-js/lock')
  })
})
