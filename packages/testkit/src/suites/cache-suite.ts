import { afterEach, beforeEach, describe } from 'vitest'
import { type CacheSuiteOptions, SuiteContext } from './cache-suite-context.js'
import { basicTests } from './cache/basic-tests.js'
import { expiryTests } from './cache/expiry-tests.js'
import { extensionTests } from './cache/extension-tests.js'
import { getOrSetTests } from './cache/get-or-set-tests.js'
import { integerTests } from './cache/integer-tests.js'
import { manyTests } from './cache/many-tests.js'
import { valueTests } from './cache/value-tests.js'
import { versionTests } from './cache/version-tests.js'

/**
 * Registers the cache conformance suite (CONTRACT sections 3-5 and 7, and Django's BaseCacheTests)
 * as a vitest `describe` block. Call it at the top level of a test file:
 *
 * ```ts
 * runCacheSuite({ name: 'MyCache', createCache: (options) => new MyCache(options), capabilities: { clock: true } })
 * ```
 *
 * Every test uses caches with a prefix unique to the run and the test, and clears them afterwards, so
 * the suite can run against a Redis database other tests share. Tests within the block run sequentially.
 */
export function runCacheSuite(options: CacheSuiteOptions): void {
  const ctx = new SuiteContext(options)
  describe(`cache conformance: ${options.name}`, () => {
    beforeEach(() => ctx.begin())
    afterEach(() => ctx.end())
    basicTests(ctx)
    manyTests(ctx)
    integerTests(ctx)
    valueTests(ctx)
    expiryTests(ctx)
    versionTests(ctx)
    getOrSetTests(ctx)
    if (ctx.capabilities.extensions) extensionTests(ctx)
  })
}
