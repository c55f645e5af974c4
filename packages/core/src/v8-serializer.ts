import { deserialize, serialize } from 'node:v8'
import type { Serializer } from './codec.js'

/**
 * A serializer on Node's structured clone (`node:v8`): round-trips everything `structuredClone` does
 * (Date, Map, Set, bigint, undefined, RegExp, typed arrays, Buffer, Error, cycles) and refuses functions
 * and symbols. MemoryCache's default. Its format belongs to the Node/V8 version that wrote it: use it
 * in-process, not for data other runtimes read.
 */
export const v8Serializer: Serializer = Object.freeze({
  id: 'v8',
  serialize: (value: unknown): Uint8Array => serialize(value),
  deserialize: (bytes: Uint8Array): unknown => deserialize(bytes),
})
