// The generation option flags shared by `mpp run` and `mpp bench` (MODEL-SPEC §8.1), with the
// defaults from DEFAULT_GENERATION_OPTIONS, and their conversion into GenerationOptions.
import type { Command } from 'commander'
import { DEFAULT_GENERATION_OPTIONS, type GenerationOptions } from '../../inference/engine-api'
import { EngineError } from '../../inference/engine-errors'
import { validateGenerationOptions } from '../../inference/generation/options'

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

export function addGenerationFlags(command: Command): Command {
  const d = DEFAULT_GENERATION_OPTIONS
  return command
    .option('--do-sample', 'sample instead of greedy/beam decoding')
    .option('--temperature <t>', 'sampling temperature', String(d.temperature))
    .option('--top-k <k>', 'keep the k most likely tokens when sampling (0: off)', String(d.topK))
    .option('--top-p <p>', 'nucleus sampling mass', String(d.topP))
    .option(
      '--repetition-penalty <r>',
      'penalty for repeating generated tokens',
      String(d.repetitionPenalty)
    )
    .option('--num-beams <n>', 'beam search width (1-10, without --do-sample)', String(d.numBeams))
    .option('--max-new-tokens <n>', 'most tokens to generate', String(d.maxNewTokens))
    .option('--seed <n>', 'random seed', String(d.seed))
}

function toNumber(flag: string, text: string): number {
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new EngineError('INVALID_OPTIONS', `--${flag} expects a number, got "${text}"`)
  }
  return value
}

export function readGenerationFlags(values: GenerationFlagValues): GenerationOptions {
  return validateGenerationOptions({
    doSample: values.doSample === true,
    temperature: toNumber('temperature', values.temperature),
    topK: toNumber('top-k', values.topK),
    topP: toNumber('top-p', values.topP),
    repetitionPenalty: toNumber('repetition-penalty', values.repetitionPenalty),
    numBeams: toNumber('num-beams', values.numBeams),
    maxNewTokens: toNumber('max-new-tokens', values.maxNewTokens),
    seed: toNumber('seed', values.seed)
  })
}
