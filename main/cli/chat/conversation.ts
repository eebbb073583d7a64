// The conversation `mpp chat` holds: finished turns, the media in use, the media waiting for
// the next turn, and the generation options. As the seed's CLI: the first turn carries the
// initial media; after :clh every medium in use goes with the next turn again.
import { accessSync, constants, statSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { randomUUID } from 'node:crypto'
import {
  DEFAULT_GENERATION_OPTIONS,
  DEFAULT_SYSTEM_PROMPT,
  type ChatTurn,
  type GenerateRequest,
  type GenerationOptions,
  type MediaItem
} from '../../inference/engine-api'
import { ChatError } from './chat-error'

const VIDEO_EXTENSIONS = new Set([
  '.mp4',
  '.mov',
  '.avi',
  '.mkv',
  '.webm',
  '.m4v',
  '.flv',
  '.wmv',
  '.mpg',
  '.mpeg',
  '.3gp'
])

/** An image or video item for a path typed by the user; checks the file is readable. */
export function mediaItemFor(path: string, cwd = process.cwd()): MediaItem {
  const absolute = resolve(cwd, path)
  try {
    accessSync(absolute, constants.R_OK)
    if (!statSync(absolute).isFile()) throw new Error('not a file')
  } catch {
    throw new ChatError('BAD_MEDIA', `${path} is not a readable file`)
  }
  return VIDEO_EXTENSIONS.has(extname(absolute).toLowerCase())
    ? { kind: 'video', path: absolute }
    : { kind: 'image', path: absolute }
}

export class ChatConversation {
  readonly conversationId = randomUUID()
  private turns: ChatTurn[] = []
  private mediaInUse: MediaItem[]
  private pending: MediaItem[]
  options: GenerationOptions = { ...DEFAULT_GENERATION_OPTIONS }

  constructor(
    initialMedia: readonly MediaItem[],
    readonly system: string = DEFAULT_SYSTEM_PROMPT
  ) {
    this.mediaInUse = [...initialMedia]
    this.pending = [...initialMedia]
  }

  get history(): readonly ChatTurn[] {
    return this.turns
  }

  get media(): readonly MediaItem[] {
    return this.mediaInUse
  }

  /** The request for a new user message: earlier turns plus this one with the waiting media. */
  request(query: string): GenerateRequest {
    return {
      conversationId: this.conversationId,
      system: this.system,
      turns: [...this.turns, { query, media: [...this.pending] }],
      options: { ...this.options }
    }
  }

  /** Records an answered turn; the waiting media are now part of the history. */
  commit(query: string, response: string): void {
    this.turns.push({ query, media: this.pending, response })
    this.pending = []
  }

  add(item: MediaItem): void {
    this.mediaInUse.push(item)
    this.pending.push(item)
  }

  clearHistory(): void {
    this.turns = []
    this.pending = [...this.mediaInUse]
  }
}
