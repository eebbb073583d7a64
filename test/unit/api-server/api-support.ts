// Shared pieces of the local API tests: a `mpp serve --api` on the demo model, images as data:
// URLs, and the prompt token count of a conversation worked out by hand from MODEL-SPEC §7's
// template with our tokenizer (which the tokenizer tests hold to tiktoken's ids).
import { readFileSync } from 'node:fs'
import { extname, join, resolve } from 'node:path'
import OpenAI from 'openai'
import { QwenTokenizer, defaultVocabPath } from '../../../main/inference/tokenizer'
import { startServe, type ServeHandle } from '../../e2e/support/serve-process'

export const KEY = 'test-key-0123456789'
const MEDIA = resolve(import.meta.dirname, '..', '..', 'fixtures', 'media', 'images')

export function mediaPath(name: string): string {
  return join(MEDIA, name)
}

const TYPES: Record<string, string> = { '.jpg': 'jpeg', '.png': 'png', '.webp': 'webp' }

export function dataUrl(name: string): string {
  const type = TYPES[extname(name)]
  return `data:image/${type};base64,${readFileSync(mediaPath(name)).toString('base64')}`
}

/** A served demo model with the API on a free port, a queue of one waiting request. */
export async function startApiServe(extra: readonly string[] = []): Promise<ServeHandle> {
  const serve = await startServe({
    args: ['--api', '--api-port', '0', '--api-key', KEY, '--api-queue', '1', ...extra]
  })
  const client = clientFor(serve)
  for (let tries = 0; ; tries++) {
    const models = await client.models.list().catch(() => null)
    if (models && models.data.length > 0) return serve
    if (tries > 240) throw new Error('the model never became ready')
    await new Promise((done) => setTimeout(done, 500))
  }
}

export function clientFor(serve: ServeHandle, apiKey = KEY): OpenAI {
  if (!serve.api) throw new Error('the server was started without --api')
  return new OpenAI({ baseURL: serve.api.url, apiKey, maxRetries: 0 })
}

export interface HandTurn {
  readonly query: string
  readonly images: number
  /** Frames of one video in the turn (one `<Img>` wrapper around all its frames). */
  readonly videoFrames?: number
  readonly response?: string
}

const tokenizer = QwenTokenizer.fromFile(defaultVocabPath())
const count = (text: string): number => tokenizer.encode(text, { allowSpecial: false }).length

/**
 * Prompt tokens of the ChatML prompt (MODEL-SPEC §7.1): `<|im_start|>`/`<|im_end|>` one id each,
 * text between them tokenised as a piece, and per image `<Img>` + 32 slots + `</Img>` before
 * the query.
 */
export function handPromptTokens(system: string, turns: readonly HandTurn[]): number {
  const message = (pieces: readonly string[], slots: number): number =>
    2 + pieces.reduce((sum, piece) => sum + count(piece), 0) + slots
  let total = message([`system\n${system}`], 0)
  for (const turn of turns) {
    const frames = turn.videoFrames ?? 0
    const pieces =
      frames > 0
        ? ['user\n<Img>', `</Img>${turn.query}`]
        : turn.images === 0
          ? [`user\n${turn.query}`]
          : [
              'user\n<Img>',
              ...Array.from({ length: turn.images - 1 }, () => '</Img><Img>'),
              `</Img>${turn.query}`
            ]
    total += count('\n') + message(pieces, 32 * (turn.images + frames))
    total += count('\n')
    total +=
      turn.response === undefined
        ? 1 + count('assistant\n')
        : message([`assistant\n${turn.response}`], 0)
  }
  return total
}
