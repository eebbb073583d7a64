// Finds the built stage worker entry, or says how to build it.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { builtEntryCandidates } from '../built-entry'
import { StageWorkerError } from './worker-errors'

export const STAGE_WORKER_FILE = 'stage-worker.js'

export function resolveStageWorkerEntry(from: string = fileURLToPath(import.meta.url)): string {
  const candidates = builtEntryCandidates(STAGE_WORKER_FILE, from)
  const found = candidates.find((path) => existsSync(path))
  if (!found) {
    throw new StageWorkerError(
      'worker-missing',
      `the stage worker is not built: looked for ${candidates.join(' and ')} (run electron-vite build)`
    )
  }
  return found
}
