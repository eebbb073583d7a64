// `mpp make-test-model`: writes a random-weight model in the seed's source checkpoint formats,
// for tests and for trying the converter without the real 20 GB download.
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InvalidArgumentError, type Command } from 'commander'
import { CheckpointError } from '../../inference/checkpoint/errors'
import { findQwenTiktoken } from '../../inference/test-model/find-tokenizer'
import { makeTestModel } from '../../inference/test-model/make-test-model'
import type { PresetName } from '../../inference/test-model/presets'
import { runAction } from '../run-action'

interface MakeTestModelFlags {
  out: string
  preset: PresetName
  seed: number
  vocab: 'full' | 'reduced'
  withHead?: boolean
  llmLayers?: number
  tokenizer?: string
}

function choice<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}`)
    }
    return value as T
  }
}

function integer(value: string): number {
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new InvalidArgumentError('expected a non-negative integer')
  return parsed
}

export function register(program: Command): void {
  program
    .command('make-test-model')
    .description('Write a random-weight MPP-Qwen-Next in the original checkpoint formats')
    .requiredOption('--out <dir>', 'folder to write the source files into')
    .option(
      '--preset <name>',
      'tiny (fast tests) or small (timing)',
      choice(['tiny', 'small'] as const),
      'tiny'
    )
    .option('--seed <n>', 'random seed', integer, 1)
    .option(
      '--vocab <size>',
      'full (151936 rows) or reduced (151851)',
      choice(['full', 'reduced'] as const),
      'full'
    )
    .option('--with-head', 'also put ln_f and lm_head into unfreeze_llm_model.pth')
    .option('--llm-layers <n>', "decoder layers (default: the preset's)", integer)
    .option('--tokenizer <file>', 'qwen.tiktoken to copy (default: found beside the app)')
    .action(
      runAction(async (flags: MakeTestModelFlags) => {
        const here = dirname(fileURLToPath(import.meta.url))
        const tokenizerPath = flags.tokenizer ?? findQwenTiktoken([process.cwd(), here])
        if (!tokenizerPath) {
          throw new CheckpointError(
            'NOT_FOUND',
            'qwen.tiktoken was not found; pass --tokenizer <file>'
          )
        }
        const files = await makeTestModel({
          outDir: flags.out,
          preset: flags.preset,
          seed: flags.seed,
          vocab: flags.vocab,
          sftWithHead: flags.withHead ?? false,
          llmLayers: flags.llmLayers,
          tokenizerPath
        })
        process.stdout.write(`wrote ${flags.preset} test model to ${flags.out}\n`)
        for (const path of [
          files.vision,
          files.blip2,
          files.qwenFolder,
          files.sft,
          files.archJson
        ]) {
          process.stdout.write(`  ${path}\n`)
        }
      })
    )
}
