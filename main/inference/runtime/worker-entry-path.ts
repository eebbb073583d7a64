// Finds the built stage worker entry. In the bundle it sits beside the running file
// (out/main/*.js); from sources (tests, tsx) it is the repository's out/main/stage-worker.js,
// which `npm test` builds before the unit tests run.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { StageWorkerError } from './worker-errors'

export const STAGE_WORKER_FILE = 'stage-worker.js'

export function resolveStageWorkerEntry(from: string = fileURLToPath(import.meta.url)): string {
  // Beside the running bundle, or one level up when the resolver landed in out/main/chunks/.
  const candidates = [
    join(dirname(from), STAGE_WORKER_FILE),
    join(dirname(from), '..', STAGE_WORKER_FILE)
  ]
  let folder = dirname(from)
  for (;;) {
    if (existsSync(join(folder, 'package.json'))) {
      candidates.push(join(folder, 'out', 'main', STAGE_WORKER_FILE))
      break
    }
    const parent = dirname(folder)
    if (parent === folder) break
    folder = parent
  }
  const found = candidates.find((path) => existsSync(path))
  if (!found) {
    throw new StageWorkerError(
      'worker-missing',
      `the stage worker is not built: looked for ${candidates.join(' and ')} (run electron-vite build)`
    )
  }
  return found
}
