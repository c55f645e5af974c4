/**
 * Imports a workspace package this package does not list as a devDependency yet (testkit, compressors,
 * the msgpack plugin), so the tests that need it run wherever pnpm has linked it and are reported as
 * skipped, not failed, where it has not. See the README's "Tests" section.
 */
export async function optionalImport<T>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as T
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (message.includes(specifier)) return undefined
    throw error
  }
}
