import { MemoryCache, MemoryStore } from '@cachex-js/core'
import { runCacheSuite } from '@cachex-js/testkit'

// One store per fake clock: caches created in one test share storage and time; each test starts fresh.
const stores = new WeakMap<() => number, MemoryStore>()

runCacheSuite({
  name: 'MemoryCache (fake clock)',
  createCache: ({ now, ...options }) => {
    let store = stores.get(now!)
    if (store === undefined) stores.set(now!, (store = new MemoryStore({ now, maxEntries: Infinity })))
    return new MemoryCache({ ...options, store })
  },
  capabilities: { clock: true, isolatedStore: true },
})

// One store shared by every test and real time, the way a shared Redis database behaves.
const shared = new MemoryStore({ maxEntries: Infinity })

runCacheSuite({
  name: 'MemoryCache (real time, shared store)',
  createCache: (options) => new MemoryCache({ ...options, store: shared }),
})
