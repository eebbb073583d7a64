// The stage worker entry is found beside a bundle, one level above a bundle chunk, and from
// sources through the repository's out/main; a missing build is a typed error.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { resolveStageWorkerEntry } from '../../../main/inference/runtime/worker-entry-path'

let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mpp-entry-'))
  await mkdir(join(root, 'app', 'out', 'main', 'chunks'), { recursive: true })
  await mkdir(join(root, 'app', 'main', 'inference', 'runtime'), { recursive: true })
  await mkdir(join(root, 'bare', 'src'), { recursive: true })
  await writeFile(join(root, 'app', 'package.json'), '{}')
  await writeFile(join(root, 'bare', 'package.json'), '{}')
  await writeFile(join(root, 'app', 'out', 'main', 'stage-worker.js'), '')
})
afterAll(async () => rm(root, { recursive: true, force: true }))

it('finds the entry from a bundle, a chunk and the sources', () => {
  const entry = join(root, 'app', 'out', 'main', 'stage-worker.js')
  expect(resolveStageWorkerEntry(join(root, 'app', 'out', 'main', 'cli.js'))).toBe(entry)
  expect(resolveStageWorkerEntry(join(root, 'app', 'out', 'main', 'chunks', 'x.js'))).toBe(entry)
  expect(
    resolveStageWorkerEntry(
      join(root, 'app', 'main', 'inference', 'runtime', 'worker-entry-path.ts')
    )
  ).toBe(entry)
})

it('says the worker is not built when nothing is there', () => {
  expect(() => resolveStageWorkerEntry(join(root, 'bare', 'src', 'x.ts'))).toThrowError(
    expect.objectContaining({ code: 'WORKER_MISSING' })
  )
})
