import { describe, expect, it } from 'vitest'
import { PACKAGE_NAME } from '@cachex-js/core'

describe('@cachex-js/core', () => {
  it('resolves to its own source through the workspace', () => {
    expect(PACKAGE_NAME).toBe('@cachex-js/core')
  })
})
