// Builds the tiny random test model in a temp dir and converts it with the real converter, for
// engine integration tests (a few seconds). Callers remove the folder in afterAll.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { convertModel } from '../../../main/inference/convert/convert'
import type { PackageDtype } from '../../../main/inference/package/manifest'
import { findQwenTiktoken } from '../../../main/inference/test-model/find-tokenizer'
import { makeTestModel } from '../../../main/inference/test-model/make-test-model'

export interface TinyPackage {
  readonly root: string
  readonly pkgDir: string
}

export async function makeTinyPackage(
  dtype: PackageDtype = 'fp32',
  seed = 3
): Promise<TinyPackage> {
  const tokenizerPath = findQwenTiktoken([process.cwd()])
  if (tokenizerPath === undefined) throw new Error('qwen.tiktoken not found for the test model')
  const root = await mkdtemp(join(tmpdir(), 'mpp-engine-'))
  const files = await makeTestModel({
    outDir: join(root, 'src'),
    preset: 'tiny',
    seed,
    tokenizerPath
  })
  // The converter's --arch takes only the keys; older test-model writers add vision.depth.
  const arch = JSON.parse(await readFile(files.archJson, 'utf8')) as {
    vision?: Record<string, unknown>
  }
  if (arch.vision !== undefined) delete arch.vision.depth
  await writeFile(files.archJson, JSON.stringify(arch))
  const pkgDir = join(root, 'pkg')
  await convertModel({
    vit: files.vision,
    blip2: files.blip2,
    llm: files.qwenFolder,
    sft: files.sft,
    arch: files.archJson,
    dtype,
    out: pkgDir,
    demo: true
  })
  return { root, pkgDir }
}
