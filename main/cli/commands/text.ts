// `mpp tokenize`, `mpp detokenize` and `mpp prompt`: the Qwen tokenizer and the ChatML prompt
// builder from the command line, printing ids as one JSON array.
import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { z } from 'zod'
import { DEFAULT_SYSTEM_PROMPT } from '../../inference/engine-api'
import { defineError } from '../../shared/errors'
import { buildChatPrompt, type PromptTurn } from '../../inference/prompt'
import { QwenTokenizer, resolveVocabPath } from '../../inference/tokenizer'
import { runAction } from '../run-action'

const TextCommandError = defineError('TextCommandError', ['INVALID_ARGUMENT', 'INVALID_HISTORY'])

interface VocabFlag {
  vocab?: string
}

const VOCAB_OPTION = ['--vocab <file>', 'qwen.tiktoken file (default: the bundled copy)'] as const

function loadTokenizer(flags: VocabFlag): QwenTokenizer {
  return QwenTokenizer.fromFile(resolveVocabPath({ vocab: flags.vocab }))
}

function printIds(ids: readonly number[]): void {
  process.stdout.write(`${JSON.stringify(ids)}\n`)
}

function parseTokenId(text: string): number {
  if (!/^\d+$/.test(text)) {
    throw new TextCommandError(
      'INVALID_ARGUMENT',
      `"${text}" is not a token id (a whole number >= 0)`
    )
  }
  return Number(text)
}

function parseImageCount(text: string): number {
  const count = Number(text)
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(count)) {
    throw new TextCommandError(
      'INVALID_ARGUMENT',
      `--images expects a whole number >= 0, got "${text}"`
    )
  }
  return count
}

const historySchema = z.array(z.tuple([z.string(), z.string()]))

/** A JSON list of [query, response] pairs, as the seed keeps its history. */
function readHistory(path: string): [string, string][] {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new TextCommandError(
      'INVALID_HISTORY',
      `cannot read the history file ${path}: ${String(error)}`
    )
  }
  const result = historySchema.safeParse(parsed)
  if (!result.success) {
    throw new TextCommandError(
      'INVALID_HISTORY',
      `${path} is not a history file: expected a JSON list of [query, response] string pairs`
    )
  }
  return result.data
}

/**
 * The seed's CLI conversation: images go with the first query, which history keeps with its
 * placeholders; without history they go with this query.
 */
export function cliTurns(text: string, images: number, history: [string, string][]): PromptTurn[] {
  const media = Array.from({ length: images }, () => ({ kind: 'image' }) as const)
  const turns: PromptTurn[] = history.map(([query, response], index) => ({
    query,
    response,
    media: index === 0 ? media : []
  }))
  turns.push({ query: text, media: turns.length === 0 ? media : [] })
  return turns
}

export function register(program: Command): void {
  program
    .command('tokenize')
    .description('Print the Qwen token ids of TEXT as a JSON array')
    .argument('<text>', 'text to tokenize')
    .option('--no-special', 'encode special token strings such as <|im_end|> as plain text')
    .option(...VOCAB_OPTION)
    .action(
      runAction((text: string, flags: VocabFlag & { special: boolean }) => {
        printIds(loadTokenizer(flags).encode(text, { allowSpecial: flags.special }))
      })
    )

  program
    .command('detokenize')
    .description('Print the text of Qwen token ids (invalid UTF-8 shown as U+FFFD)')
    .argument('<ids...>', 'token ids')
    .option(...VOCAB_OPTION)
    .action(
      runAction((ids: string[], flags: VocabFlag) => {
        process.stdout.write(`${loadTokenizer(flags).decode(ids.map(parseTokenId))}\n`)
      })
    )

  program
    .command('prompt')
    .description('Print the ChatML prompt ids for TEXT (images expand to 32 slots of id 151646)')
    .argument('<text>', 'the query')
    .option('--images <n>', 'images attached to the first query', '0')
    .option('--history <file>', 'JSON list of earlier [query, response] pairs')
    .option(...VOCAB_OPTION)
    .action(
      runAction((text: string, flags: VocabFlag & { images: string; history?: string }) => {
        const history = flags.history === undefined ? [] : readHistory(flags.history)
        const turns = cliTurns(text, parseImageCount(flags.images), history)
        const prompt = buildChatPrompt(loadTokenizer(flags), {
          system: DEFAULT_SYSTEM_PROMPT,
          turns
        })
        printIds(prompt.ids)
      })
    )
}
