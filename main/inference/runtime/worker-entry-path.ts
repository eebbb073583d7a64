// Finds the built stage worker (thread) and stage process entries, or says how to build them.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { builtEntryCandidates } from '../built-entry'
import { StageWorkerError } from './worker-errors'

export const STAGE_WORKER_FILE = 'stage-worker.js'
export const STAGE_PROCESS_FILE = 'stage-process.js'

export function resolveStageWorkerEntry(
  from: string = fileURLToPath(import.meta.url),
  file: string = STAGE_WORKER_FILE
): string {
  const candidates = builtEntryCandidates(file, from)
  const found = candidates.find((path) => existsSync(path))
  if (!found) {
    throw new StageWorkerError(
      'WORKER_MISSING',
      `the stage ${file === STAGE_WORKER_FILE ? 'worker' : 'process'} is not built: looked for ${candidates.join(' and ')} (run electron-vite build)`
    )
  }
  return found
}
