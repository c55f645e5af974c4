export * from './errors.js'
export type { Serializer, Compressor } from './codec.js'
