import { describe, expect, it } from 'vitest'
import { createCodecPipeline } from '@cachex-js/core'
import { getSerializer, registerSerializer, resolveSerializers } from '@cachex-js/serializers'
import * as plugin from '@cachex-js/serializer-msgpack'

{
  describe('third-party plugin registration: @cachex-js/serializer-msgpack', () => {
    it('registers by id and works in a configuration next to the built-ins, with no change to core', () => {
      expect(() => resolveSerializers('msgpack')).toThrowError(expect.objectContaining({ code: 'E_CONFIG' }))
      registerSerializer(plugin.msgpackSerializer)
      expect(getSerializer('msgpack')).toBe(plugin.msgpackSerializer)

      const value = { m: new Map([['k', 1n]]), d: new Date(0) }
      const msgpackFirst = createCodecPipeline({ serializers: resolveSerializers(['msgpack', 'cbor']) })
      const cborFirst = createCodecPipeline({ serializers: resolveSerializers(['cbor', 'msgpack']) })
      expect(cborFirst.decode(msgpackFirst.encode(value))).toStrictEqual(value)
      expect(msgpackFirst.decode(cborFirst.encode(value))).toStrictEqual(value)
    })
  })
}
