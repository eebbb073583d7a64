// Locates a qwen.tiktoken to copy into test models: the bundled resource if the tokenizer area
// ships one, else the shared fixture beside the repository (as CI lays it out).
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const RELATIVE_CANDIDATES = [
  join('resources', 'tokenizer', 'qwen.tiktoken'),
  join('..', 'shared', 'fixtures', 'qwen.tiktoken')
]

/** Walks up from each start folder looking for a known qwen.tiktoken location. */
export function findQwenTiktoken(startFolders: readonly string[]): string | undefined {
  for (const start of startFolders) {
    let folder = resolve(start)
    for (;;) {
      for (const candidate of RELATIVE_CANDIDATES) {
        const path = join(folder, candidate)
        if (existsSync(path)) return path
      }
      const parent = dirname(folder)
      if (parent === folder) break
      folder = parent
    }
  }
  return undefined
}
