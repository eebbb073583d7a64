// The generation option flags shared by `mpp run` and `mpp bench` (MODEL-SPEC §8.1), with the
// contract's defaults, read with the contract's parser so a bad value is refused with the same
// words as in `:conf`, the app's settings and its IPC.
import type { Command } from 'commander'
import {
  DEFAULT_GENERATION_OPTIONS,
  GENERATION_OPTION_SPECS,
  parseOptionText,
  type GenerationOptionKey,
  type GenerationOptions
} from '../../../preload/contract/generation-options'
import { EngineError } from '../../inference/engine/errors'

export interface GenerationFlagValues {
  doSample?: boolean
  temperature: string
  topK: string
  topP: string
  repetitionPenalty: string
  numBeams: string
  maxNewTokens: string
  seed: string
}

function range(key: Exclude<GenerationOptionKey, 'doSample'>): string {
  const spec = GENERATION_OPTION_SPECS[key]
  return `${spec.min}-${spec.max}`
}

export function addGenerationFlags(command: Command): Command {
  const d = DEFAULT_GENERATION_OPTIONS
  return command
    .option('--do-sample', 'sample instead of greedy/beam decoding')
    .option(
      '--temperature <t>',
      `sampling temperature (${range('temperature')})`,
      String(d.temperature)
    )
    .option(
      '--top-k <k>',
      `keep the k most likely tokens when sampling (${range('topK')}; 0: off)`,
      String(d.topK)
    )
    .option('--top-p <p>', `nucleus sampling mass (${range('topP')})`, String(d.topP))
    .option(
      '--repetition-penalty <r>',
      `penalty for repeating generated tokens (${range('repetitionPenalty')})`,
      String(d.repetitionPenalty)
    )
    .option(
      '--num-beams <n>',
      `beam search width (${range('numBeams')}, without --do-sample)`,
      String(d.numBeams)
    )
    .option(
      '--max-new-tokens <n>',
      `most tokens to generate (${range('maxNewTokens')})`,
      String(d.maxNewTokens)
    )
    .option('--seed <n>', `random seed (${range('seed')})`, String(d.seed))
}

function read<K extends Exclude<GenerationOptionKey, 'doSample'>>(
  key: K,
  text: string
): GenerationOptions[K] {
  const parsed = parseOptionText(key, text)
  if (!parsed.ok) throw new EngineError('invalid-options', parsed.refusal.message)
  return parsed.value
}

export function readGenerationFlags(values: GenerationFlagValues): GenerationOptions {
  return {
    doSample: values.doSample === true,
    temperature: read('temperature', values.temperature),
    topK: read('topK', values.topK),
    topP: read('topP', values.topP),
    repetitionPenalty: read('repetitionPenalty', values.repetitionPenalty),
    numBeams: read('numBeams', values.numBeams),
    maxNewTokens: read('maxNewTokens', values.maxNewTokens),
    seed: read('seed', values.seed)
  }
}
