import { createRequire } from 'node:module'
import { join } from 'node:path'

/** This package's directory: the working directory of the fixtures' processes. */
export const packageDir = join(import.meta.dirname, '..', '..')

/** tsx's CLI, to run a TypeScript fixture in a fresh process (`node <tsxCli> --conditions=... fixture.ts`). */
export const tsxCli = join(
  createRequire(join(packageDir, '..', '..', 'package.json')).resolve('tsx/package.json'),
  '..',
  'dist',
  'cli.mjs',
)
