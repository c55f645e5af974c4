import { describe, expect, it } from 'vitest'
import { PACKAGE_NAME } from '@cachex-js/redis-client'

describe('@cachex-js/redis-client', () => {
  it('resolves to its own source through the workspace', () => {
    expect(PACKAGE_NAME).toBe('@cachex-js/redis-client')
  })
})
