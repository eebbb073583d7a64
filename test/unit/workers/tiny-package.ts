// Builds a tiny (or small) random model package for the worker tests: make-test-model writes the
// seed's checkpoint formats, the real converter turns them into a fp32 (or int4) package.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { convertModel } from '../../../main/inference/convert/convert'
import { makeTestModel } from '../../../main/inference/test-model/make-test-model'
import type { PackageDtype } from '../../../main/inference/package/manifest'
import type { PresetName } from '../../../main/inference/test-model/presets'

const fixtures = join(import.meta.dirname, '../../../../shared/fixtures')

export interface TinyPackage {
  dir: string
  remove(): Promise<void>
}

export async function makeTinyPackage(
  layers: number,
  seed = 7,
  preset: PresetName = 'tiny',
  dtype: PackageDtype = 'fp32'
): Promise<TinyPackage> {
  const root = await mkdtemp(join(tmpdir(), 'mpp-placement-'))
  const files = await makeTestModel({
    outDir: join(root, 'source'),
    seed,
    preset,
    vocab: 'reduced',
    llmLayers: layers,
    tokenizerPath: join(fixtures, 'qwen.tiktoken')
  })
  // The converter takes ViT depth from the file (blocks - 1) and refuses it in arch.json.
  const arch = JSON.parse(await readFile(files.archJson, 'utf8')) as {
    vision: Record<string, unknown>
  }
  delete arch.vision.depth
  const archPath = join(root, 'arch.json')
  await writeFile(archPath, JSON.stringify(arch))
  const dir = join(root, 'package')
  await convertModel({
    vit: files.vision,
    blip2: files.blip2,
    llm: files.qwenFolder,
    sft: files.sft,
    arch: archPath,
    dtype,
    out: dir,
    demo: true
  })
  return { dir, remove: () => rm(root, { recursive: true, force: true }) }
}

/** A two-turn ChatML conversation (system, user, assistant start), ids from qwen.tiktoken. */
export const TURN_ONE = [
  151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872, 198, 9707, 0,
  151645, 198, 151644, 77091, 198
]
export const TURN_TWO = [
  151645, 198, 151644, 872, 198, 3838, 374, 432, 30, 151645, 198, 151644, 77091, 198
]
