/** Every system the bench knows, in the order it runs them. */
import type { SystemInfo } from './system.js'

const LARGE = ['10KB', '1MB'] as const

async function serializer(id: 'cbor' | 'json') {
  const { cborSerializer, jsonSerializer } = await import('@cachex-js/serializers')
  return id === 'cbor' ? cborSerializer : jsonSerializer
}

/** The systems, by id. */
export const SYSTEMS: readonly SystemInfo[] = [
  {
    id: 'raw-cbor',
    incr: true,
    label: 'raw ioredis (cbor)',
    baseline: 'raw-cbor',
    packages: ['ioredis', 'cbor-x'],
    notes: ['ioredis with enableAutoPipelining; values through the cachex cbor serializer; INCRBY for incr.'],
    create: async (context) =>
      (await import('./raw-ioredis-system.js')).createRawIoredis(context, await serializer('cbor')),
  },
  {
    id: 'raw-json',
    incr: true,
    label: 'raw ioredis (json)',
    baseline: 'raw-json',
    packages: ['ioredis'],
    notes: ['As raw-cbor, with the cachex json serializer.'],
    create: async (context) =>
      (await import('./raw-ioredis-system.js')).createRawIoredis(context, await serializer('json')),
  },
  {
    id: 'raw-node-redis',
    incr: true,
    label: 'raw node-redis (json)',
    baseline: 'raw-json',
    packages: ['@redis/client'],
    payloads: ['100B'],
    notes: [
      'Reference, not a cache library: node-redis (what @keyv/redis uses) doing what raw-json does;',
      '~100 B payload only.',
    ],
    create: async (context) =>
      (await import('./raw-node-redis-system.js')).createRawNodeRedis(context, await serializer('json')),
  },
  {
    id: 'cachex-cbor',
    incr: true,
    label: 'cachex (cbor)',
    baseline: 'raw-cbor',
    packages: ['@cachex-js/redis-client'],
    notes: [
      'RedisCache with default options (write coalescing on, no auto-pipelining), serializer cbor, no compressor.',
    ],
    create: async (context) =>
      (await import('./cachex-system.js')).createCachex(context, {
        serializer: 'cbor',
        compressor: 'none',
      }),
  },
  {
    id: 'cachex-json',
    incr: true,
    label: 'cachex (json)',
    baseline: 'raw-json',
    packages: ['@cachex-js/redis-client'],
    notes: ['RedisCache with default options, serializer json, no compressor.'],
    create: async (context) =>
      (await import('./cachex-system.js')).createCachex(context, {
        serializer: 'json',
        compressor: 'none',
      }),
  },
  {
    id: 'cachex-cbor-brotli',
    incr: true,
    label: 'cachex (cbor+brotli)',
    baseline: 'raw-cbor',
    packages: ['@cachex-js/redis-client', '@cachex-js/compressors'],
    payloads: LARGE,
    notes: ['As cachex-cbor with the brotli compressor (quality 4); 10 KB and 1 MB payloads only.'],
    create: async (context) =>
      (await import('./cachex-system.js')).createCachex(context, {
        serializer: 'cbor',
        compressor: 'brotli',
      }),
  },
  {
    id: 'cachex-cbor-gzip',
    incr: true,
    label: 'cachex (cbor+gzip)',
    baseline: 'raw-cbor',
    packages: ['@cachex-js/redis-client', '@cachex-js/compressors', 'fflate'],
    payloads: LARGE,
    notes: ['As cachex-cbor with the gzip compressor (fflate, level 6); 10 KB and 1 MB payloads only.'],
    create: async (context) =>
      (await import('./cachex-system.js')).createCachex(context, {
        serializer: 'cbor',
        compressor: 'gzip',
      }),
  },
  {
    id: 'keyv',
    incr: false,
    label: 'keyv + @keyv/redis',
    baseline: 'raw-json',
    packages: ['keyv', '@keyv/redis', '@redis/client'],
    notes: ['createKeyv(url, {namespace}); getOrSet written by hand (get, factory, set); no incr in keyv.'],
    create: async (context) => (await import('./keyv-system.js')).createKeyvSystem(context),
  },
  {
    id: 'cache-manager',
    incr: false,
    label: 'cache-manager 7 (keyv)',
    baseline: 'raw-json',
    packages: ['cache-manager', 'keyv', '@keyv/redis'],
    notes: ['createCache({stores: [createKeyv(url)]}); mget/mset; getOrSet is wrap(); no incr.'],
    create: async (context) => (await import('./keyv-system.js')).createCacheManagerSystem(context),
  },
  {
    id: 'bentocache',
    incr: false,
    label: 'bentocache (redis only)',
    baseline: 'raw-json',
    packages: ['bentocache', 'ioredis'],
    notes: [
      'L2 redis driver only (no memory tier, no bus), ioredis with enableAutoPipelining; getMany/setMany are',
      'Promise.all of single calls (bentocache has no multi-key API); no incr.',
    ],
    create: async (context) => (await import('./bentocache-system.js')).createBentocacheSystem(context),
  },
]

/** The system with `id`; throws for an unknown one. */
export function systemById(id: string): SystemInfo {
  const system = SYSTEMS.find((candidate) => candidate.id === id)
  if (system === undefined) throw new Error(`unknown system "${id}" (known: ${SYSTEMS.map((s) => s.id).join(', ')})`)
  return system
}
