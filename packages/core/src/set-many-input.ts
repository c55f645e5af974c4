import type { SetManyInput } from './cache.js'
import { InvalidKeyError } from './errors.js'

/** The `[key, value]` pairs of a `setMany` mapping: a plain object, a `Map` or an iterable of entries. */
export function toEntries<T>(mapping: SetManyInput<T>): [string, T][] {
  if (mapping === null || typeof mapping !== 'object') {
    throw new InvalidKeyError('setMany takes an object, a Map or an iterable of [key, value] entries', {
      context: { field: 'mapping' },
    })
  }
  if (mapping instanceof Map) return [...mapping]
  if (Symbol.iterator in mapping) {
    return Array.from(mapping as Iterable<readonly [string, T]>, (entry) => {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new InvalidKeyError('setMany entries must be [key, value] pairs', { context: { field: 'mapping' } })
      }
      return [entry[0], entry[1]] as [string, T]
    })
  }
  return Object.entries(mapping)
}
