/**
 * Serializer micro-benchmark: encode/decode operations per second and encoded size of cbor, json and
 * msgpack (the plugin, when linked) on ~100 B, ~10 KB and ~1 MB values. `pnpm bench` in this package.
 * Each figure is the best of 5 timed rounds. Not a test: numbers depend on the machine; the README records one run.
 */
import { Decoder } from 'cbor-x'
import type { Serializer } from '@cachex-js/core'
import { cbor, cborSerializer, jsonSerializer } from '@cachex-js/serializers'
import { human, machine, opsPerSecond, printTable, sampleValues } from './measure.js'

interface MsgpackPackage {
  msgpackSerializer: Serializer
}

async function optionalMsgpack(): Promise<Serializer | undefined> {
  try {
    const specifier = '@cachex-js/serializer-msgpack'
    return ((await import(specifier)) as MsgpackPackage).msgpackSerializer
  } catch {
    console.log('(msgpack skipped: @cachex-js/serializer-msgpack is not linked into this package)\n')
    return undefined
  }
}

const nativeJson: Serializer = {
  id: 'JSON.stringify (baseline)',
  serialize: (value) => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes) => JSON.parse(Buffer.from(bytes).toString()) as unknown,
}

/** cbor with every read left to cbor-x (no plain-value fast path): what the fast path is measured against. */
const cborXDecoder = new Decoder({ useRecords: false, mapsAsObjects: true, copyBuffers: true })
const cborXOnly: Serializer = {
  id: 'cbor',
  serialize: (value) => cborSerializer.serialize(value),
  deserialize: (bytes) => cborXDecoder.decode(bytes) as unknown,
}

const msgpack = await optionalMsgpack()
const serializers: [string, Serializer][] = [
  ['cbor', cborSerializer],
  ['cbor (sharedReferences)', cbor({ sharedReferences: true })],
  ['cbor, read by cbor-x alone', cborXOnly],
  ['json', jsonSerializer],
  ...(msgpack ? [['msgpack', msgpack] as [string, Serializer]] : []),
  ['JSON.stringify/parse (baseline)', nativeJson],
]

console.log(machine(), '\n')
const rows: string[][] = []
for (const [size, value] of sampleValues()) {
  for (const [name, serializer] of serializers) {
    const bytes = serializer.serialize(value)
    const round = bytes.length > 100_000 ? 600 : 250
    const encode = opsPerSecond(() => serializer.serialize(value), round)
    const decode = opsPerSecond(() => serializer.deserialize(bytes), round)
    rows.push([size, name, bytes.length.toLocaleString('en'), human(encode), human(decode)])
  }
}
printTable(['value', 'serializer', 'bytes', 'encode ops/s', 'decode ops/s'], rows)
