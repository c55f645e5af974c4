/**
 * What cachex's own fast readers and writers (`decode-plain-cbor.ts`, `encode-plain-cbor.ts`,
 * `encode-python-json.ts`) give for a value they leave to the general path.
 */
export const UNSUPPORTED: unique symbol = Symbol('not plain')
