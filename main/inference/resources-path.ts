// Locates the project's own files (resources/...) at run time, the same way from the TypeScript
// sources under vitest, from the bundles in out/main and from a packaged app: walk up from this
// module to the folder whose package.json is named "mpp-desktop".
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineError } from '../shared/errors'

const PACKAGE_NAME = 'mpp-desktop'

export const ResourcePathError = defineError('ResourcePathError', ['PROJECT_ROOT_NOT_FOUND'])

let cachedRoot: string | undefined

function isProjectRoot(folder: string): boolean {
  const manifest = join(folder, 'package.json')
  if (!existsSync(manifest)) return false
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'))
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      'name' in parsed &&
      parsed.name === PACKAGE_NAME
    )
  } catch {
    return false
  }
}

/** The folder holding the package.json named "mpp-desktop" above this module. */
export function projectRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot
  const start = dirname(fileURLToPath(import.meta.url))
  for (let folder = start; ; folder = dirname(folder)) {
    if (isProjectRoot(folder)) {
      cachedRoot = folder
      return folder
    }
    if (dirname(folder) === folder) break
  }
  throw new ResourcePathError(
    'PROJECT_ROOT_NOT_FOUND',
    `cannot find the ${PACKAGE_NAME} folder (a package.json named "${PACKAGE_NAME}") above ${start}`
  )
}

/** A path under the project's resources/ folder, e.g. resourcePath('tokenizer', 'qwen.tiktoken'). */
export function resourcePath(...parts: string[]): string {
  return join(projectRoot(), 'resources', ...parts)
}
