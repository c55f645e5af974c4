import { readdirSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

/** Resolve workspace packages to their TypeScript sources, so tests never need a build. */
const conditions = ['@cachex-js/source', 'module', 'node', 'import', 'default']

function workspaceProjects(parent: string) {
  return readdirSync(parent)
    .map((dir) => join(parent, dir))
    .filter((dir) => existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test')))
    .map((dir) => {
      const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string }
      return {
        extends: true as const,
        test: { name, root: dir, include: ['test/**/*.test.ts'] },
      }
    })
}

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@cachex-js/source'] } },
  test: {
    projects: [
      ...workspaceProjects(join(import.meta.dirname, 'packages')),
      ...workspaceProjects(join(import.meta.dirname, 'apps')),
    ],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    globalSetup: [`${import.meta.dirname}/vitest.global-setup.ts`],
  },
})
