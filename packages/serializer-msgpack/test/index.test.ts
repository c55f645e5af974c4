import { describe, expect, it } from 'vitest'
import { PACKAGE_NAME } from '@cachex-js/serializer-msgpack'

describe('@cachex-js/serializer-msgpack', () => {
  it('resolves to its own source through the workspace', () => {
    expect(PACKAGE_NAME).toBe('@cachex-js/serializer-msgpack')
  })
})
