// `mpp make-test-model` through commander in-process: flags reach makeTestModel (reduced vocab,
// --with-head), and bad flags are rejected.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { register } from '../../../main/cli/commands/test-model'
import { openCheckpoint } from '../../../main/inference/checkpoint/open-checkpoint'
import { readQwenConfig } from '../../../main/inference/checkpoint/qwen-config'

const tokenizer = join(import.meta.dirname, '../../../../shared/fixtures/qwen.tiktoken')
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-test-model-cli-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function program(): Command {
  const root = new Command('mpp').exitOverride()
  register(root)
  for (const command of root.commands) command.exitOverride()
  return root
}

test('--vocab reduced --with-head --llm-layers 2 writes 151851 rows, 2 layers, and the head in the SFT file', async () => {
  const out = join(dir, 'reduced')
  await program().parseAsync(
    [
      'make-test-model',
      '--out',
      out,
      '--vocab',
      'reduced',
      '--with-head',
      '--seed',
      '5',
      '--llm-layers',
      '2',
      '--tokenizer',
      tokenizer
    ],
    { from: 'user' }
  )
  expect(await readQwenConfig(join(out, 'qwen'))).toMatchObject({ vocab: 151851, layers: 2 })
  const sft = await openCheckpoint(join(out, 'unfreeze_llm_model.pth'))
  try {
    expect(sft.info('llm_model.lm_head.weight').shape).toEqual([151851, 64])
    expect(sft.has('llm_model.transformer.ln_f.weight')).toBe(true)
    expect(sft.has('llm_model.transformer.h.1.ln_1.weight')).toBe(true)
    expect(sft.has('llm_model.transformer.h.2.ln_1.weight')).toBe(false)
  } finally {
    await sft.close()
  }
})

test('an unknown preset is refused before anything is written', async () => {
  await expect(
    program().parseAsync(['make-test-model', '--out', join(dir, 'x'), '--preset', 'huge'], {
      from: 'user'
    })
  ).rejects.toThrow(/tiny, small/)
})
