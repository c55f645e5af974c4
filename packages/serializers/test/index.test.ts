import { describe, expect, it } from 'vitest'
import { PACKAGE_NAME } from '@cachex-js/serializers'

describe('@cachex-js/serializers', () => {
  it('resolves to its own source through the workspace', () => {
    expect(PACKAGE_NAME).toBe('@cachex-js/serializers')
  })
})
