/**
 * Imports a workspace package this package does not list as a devDependency yet (testkit, compressors,
 * the msgpack plugin), so the tests that need it run wherever pnpm has linked it and are reported as
 * skipped, not failed, where it has not. See the README's "Tests" section.
 */
export async function optionalImport<T>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as T
  } catch (error) {
    // only "this package is not linked here" means skip; any other failure (a broken package) fails the tests
    const { code, message } = error as { code?: unknown; message?: unknown }
    if (code === 'ERR_MODULE_NOT_FOUND' && String(message).includes(`Cannot find package '${specifier}'`)) {
      return undefined
    }
    throw error
  }
}
