// `mpp convert`, `mpp embed-image` and `mpp logits` driven through commander in-process (no build
// needed) on the tiny test model, checked against the float64 reference with the MODEL-SPEC §7.3
// prompt ids; plus the plain-line progress output when stderr is not a TTY.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { register } from '../../../main/cli/commands/model-package'
import { preprocessImage } from '../../../main/inference/preprocess/index'
import {
  makeTestModel,
  type TestModelFiles
} from '../../../main/inference/test-model/make-test-model'
import { loadReference, type ReferenceModel } from '../../reference/reference-model'

const fixtures = join(import.meta.dirname, '../../../../shared/fixtures')
const image = join(fixtures, 'images', '004090033.jpg')
let dir: string
let files: TestModelFiles
let reference: ReferenceModel
let stderr: string[]

/** MODEL-SPEC §7.3: one image, first turn, `<Img><ImageHere></Img>Describe this image.` */
const SPEC_PROMPT = [
  151644,
  8948,
  198,
  2610,
  525,
  264,
  10950,
  17847,
  13,
  151645,
  198,
  151644,
  872,
  198,
  27,
  13033,
  29,
  ...Array(32).fill(151646),
  522,
  13033,
  29,
  74785,
  419,
  2168,
  13,
  151645,
  198,
  151644,
  77091,
  198
]

async function mpp(...args: string[]): Promise<void> {
  const program = new Command('mpp').exitOverride()
  register(program)
  process.exitCode = undefined
  await program.parseAsync(args, { from: 'user' })
  const code = process.exitCode
  process.exitCode = undefined
  if (code) throw new Error(`mpp ${args[0]} failed: ${stderr.join('')}`)
}

function floats(bytes: Buffer): Float32Array {
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
}

function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0
  let n = 0
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2
    n += b[i] ** 2
  }
  return Math.sqrt(d / n)
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-cli-'))
  files = await makeTestModel({
    outDir: join(dir, 'src'),
    seed: 4,
    tokenizerPath: join(fixtures, 'qwen.tiktoken')
  })
  reference = await loadReference(join(dir, 'src'))
  stderr = []
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk))
    return true
  })
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
})
afterAll(async () => {
  vi.restoreAllMocks()
  await rm(dir, { recursive: true, force: true })
})

describe('mpp convert / embed-image / logits', () => {
  const pkg = (): string => join(dir, 'pkg')

  it('converts with plain progress lines when stderr is not a TTY', async () => {
    await mpp(
      'convert',
      '--vit',
      files.vision,
      '--blip2',
      files.blip2,
      '--llm',
      files.qwenFolder,
      '--sft',
      files.sft,
      '--arch',
      files.archJson,
      '--dtype',
      'fp32',
      '--out',
      pkg()
    )
    expect((await stat(join(pkg(), 'manifest.json'))).isFile()).toBe(true)
    const lines = stderr
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('converting:'))
    expect(lines.length).toBeGreaterThanOrEqual(10)
    expect(lines.every((l) => /^converting: \d+%/.test(l))).toBe(true)
    expect(lines.at(-1)).toMatch(/100%/)
  })

  it('embed-image writes float32 [N,32,H] equal to the reference', async () => {
    const out = join(dir, 'embeds.f32')
    await mpp('embed-image', '--model', pkg(), '--out', out, image, image)
    const ours = floats(await readFile(out))
    const pixels = await preprocessImage(image)
    const expected = reference.embedImages([pixels, pixels])
    expect(ours.length).toBe(2 * 32 * files.arch.llm.hidden)
    expect(relError(ours, expected)).toBeLessThan(1e-5)
  })

  it('logits writes the first generated position of the first-turn prompt', async () => {
    const out = join(dir, 'logits.f32')
    await mpp('logits', '--model', pkg(), '--image', image, '--out', out, 'Describe this image.')
    const ours = floats(await readFile(out))
    const embeds = reference.spliceImages(
      SPEC_PROMPT,
      reference.embedImages([await preprocessImage(image)])
    )
    const expected = reference.logits(embeds)
    expect(ours.length).toBe(files.arch.llm.vocab)
    expect(relError(ours, expected)).toBeLessThan(1e-5)
  })

  it('reports a bad package as one readable line', async () => {
    await expect(
      mpp('logits', '--model', join(dir, 'src'), '--out', join(dir, 'x.f32'), 'hi')
    ).rejects.toThrow(/is not a model package/)
  })
})
