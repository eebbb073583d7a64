// Finds built entries (the stage worker, the resize helper, the device probe). In the bundle they
// sit beside the running file (out/main/*.js); from sources (tests, tsx) they are the repository's
// out/main/*.js, which `npm test` builds before the unit tests run.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Paths where the built entry `file` may be, most likely first. */
export function builtEntryCandidates(
  file: string,
  from: string = fileURLToPath(import.meta.url)
): string[] {
  // Beside the running bundle, or one level up when the resolver landed in out/main/chunks/.
  const candidates = [join(dirname(from), file), join(dirname(from), '..', file)]
  let folder = dirname(from)
  for (;;) {
    if (existsSync(join(folder, 'package.json'))) {
      candidates.push(join(folder, 'out', 'main', file))
      break
    }
    const parent = dirname(folder)
    if (parent === folder) break
    folder = parent
  }
  return candidates
}

/** The built entry `file`, or undefined when it has not been built. */
export function findBuiltEntry(
  file: string,
  from: string = fileURLToPath(import.meta.url)
): string | undefined {
  return builtEntryCandidates(file, from).find((path) => existsSync(path))
}
