// Turn-level measurements for `mpp bench`: first-token time of a follow-up question after a
// long conversation against the same question alone, and first-token and encode times for one
// image and for a video, with media the cache has never seen (fresh random pixels per run).
import { execFile } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { join } from 'node:path'
import { promisify } from 'node:util'
import sharp from 'sharp'
import type { Engine } from '../engine'
import {
  DEFAULT_GENERATION_OPTIONS,
  type GenerateRequest,
  type GenerateResult,
  type MediaItem
} from '../engine-api'
import { findFfmpeg } from '../../media'

const run = promisify(execFile)
const SYSTEM = 'You are a helpful assistant.'
/**
 * Follow-up questions, one per measured conversation; each is asked after the history and
 * alone.
 */
const QUESTIONS = [
  'What did I ask about first?',
  'Which words did I use there?',
  'Where does the river run?'
]

function ask(id: string, turns: GenerateRequest['turns'], maxNewTokens: number): GenerateRequest {
  return {
    conversationId: id,
    system: SYSTEM,
    turns,
    options: { ...DEFAULT_GENERATION_OPTIONS, maxNewTokens }
  }
}

/** A user message of roughly `tokens` tokens (about one token per short word). */
function longText(tokens: number): string {
  const words = ['the', 'river', 'runs', 'past', 'old', 'stone', 'mills', 'and', 'green', 'fields']
  return Array.from({ length: tokens }, (_, i) => words[i % words.length]).join(' ')
}

export interface FollowUpFigures {
  historyTokens: number
  followUpMsToFirstToken: number
  followUpPrefillTokens: number
  noHistoryMsToFirstToken: number
  noHistoryPrefillTokens: number
  ratio: number
}

/**
 * First-token time of the second turn of a ~`historyTokens` conversation (its KV cached from
 * the first turn) against the same question with no history. Three conversations, each with
 * its own question, interleaved with the no-history runs; the best of each side is reported
 * so that load from other processes does not decide the ratio.
 */
export async function followUpBench(
  engine: Engine,
  historyTokens = 1000
): Promise<FollowUpFigures> {
  const followUps: GenerateResult[] = []
  const alone: GenerateResult[] = []
  for (const query of QUESTIONS) {
    const tag = randomBytes(4).toString('hex')
    const first = { query: `${tag} ${longText(historyTokens - 40)}`, media: [] }
    const opening = await engine.generate(ask(`bench-conv-${tag}`, [first], 8))
    const turns = [
      { ...first, response: opening.text },
      { query, media: [] }
    ]
    followUps.push(await engine.generate(ask(`bench-conv-${tag}`, turns, 1)))
    alone.push(await engine.generate(ask(`bench-alone-${tag}`, [{ query, media: [] }], 1)))
    engine.dropConversation(`bench-conv-${tag}`)
    engine.dropConversation(`bench-alone-${tag}`)
  }
  const best = (results: GenerateResult[]): GenerateResult =>
    results.reduce((a, b) => (b.stats.msToFirstToken < a.stats.msToFirstToken ? b : a))
  const followUp = best(followUps)
  const noHistory = best(alone)
  return {
    historyTokens: followUp.stats.promptTokens,
    followUpMsToFirstToken: followUp.stats.msToFirstToken,
    followUpPrefillTokens: followUp.stats.prefillTokens,
    noHistoryMsToFirstToken: noHistory.stats.msToFirstToken,
    noHistoryPrefillTokens: noHistory.stats.prefillTokens,
    ratio: followUp.stats.msToFirstToken / noHistory.stats.msToFirstToken
  }
}

export interface MediaFigures {
  images: number
  promptTokens: number
  msToFirstToken: number
  imageEncodeMs: number
  /** The same question again: embeddings come from the cache. */
  cachedMsToFirstToken: number
}

export async function mediaBench(
  engine: Engine,
  item: MediaItem,
  images: number
): Promise<MediaFigures> {
  const tag = randomBytes(4).toString('hex')
  const turns = [{ query: 'Describe this.', media: [item] }]
  const cold = await engine.generate(ask(`bench-media-${tag}`, turns, 1))
  const warm = await engine.generate(ask(`bench-media2-${tag}`, turns, 1))
  engine.dropConversation(`bench-media-${tag}`)
  engine.dropConversation(`bench-media2-${tag}`)
  return {
    images,
    promptTokens: cold.stats.promptTokens,
    msToFirstToken: cold.stats.msToFirstToken,
    imageEncodeMs: cold.stats.imageEncodeMs,
    cachedMsToFirstToken: warm.stats.msToFirstToken
  }
}

/** A 320x240 PNG of random pixels (never in any cache). */
export async function randomImage(dir: string): Promise<string> {
  const path = join(dir, `bench-${randomBytes(4).toString('hex')}.png`)
  await sharp(randomBytes(320 * 240 * 3), { raw: { width: 320, height: 240, channels: 3 } })
    .png()
    .toFile(path)
  return path
}

/** A 4-second 10 fps test video with per-run noise, so its hash is new: 40 frames, 32 sampled. */
export async function randomVideo(dir: string): Promise<string> {
  const path = join(dir, `bench-${randomBytes(4).toString('hex')}.mp4`)
  const ffmpeg = await findFfmpeg()
  await run(ffmpeg.path, [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=10:duration=4',
    '-vf',
    `noise=alls=30:allf=t:all_seed=${randomInt(1, 1_000_000)}`,
    '-pix_fmt',
    'yuv420p',
    path
  ])
  return path
}
