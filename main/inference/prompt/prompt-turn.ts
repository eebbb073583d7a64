// The conversation shape the prompt builder reads, and how a turn's media become its query prefix
// (MODEL-SPEC §9): `<Img><ImageHere></Img>` per image, one `<Img>` wrapper around a video's
// frames, placed before the query with no space, as the seed's CLI and WebUI do.
import { PromptError } from './errors'

/** What the prompt needs of a media item; ChatTurn's MediaItem fits this shape. */
export type PromptMedia =
  | { readonly kind: 'image' }
  /** `frames` is the number of frames actually extracted (a short video has fewer than 32). */
  | { readonly kind: 'video'; readonly frames?: number }

export interface PromptTurn {
  readonly query: string
  readonly media: readonly PromptMedia[]
  readonly response?: string
}

export interface PromptConversation {
  readonly system: string
  /** Earlier turns, each with its response, then the turn to answer (no response). */
  readonly turns: readonly PromptTurn[]
}

export const DEFAULT_VIDEO_FRAMES = 32
export const IMAGE_PLACEHOLDER = '<ImageHere>'

/** One image or frame: its 32 query embeddings fill `<ImageHere>`'s slots. */
export const IMAGE_MARK: unique symbol = Symbol('image')
export type ContentPart = string | typeof IMAGE_MARK

export function mediaImageCount(media: readonly PromptMedia[]): number {
  return media.reduce((sum, item) => sum + (item.kind === 'image' ? 1 : videoFrames(item)), 0)
}

function videoFrames(item: { readonly frames?: number }): number {
  const frames = item.frames ?? DEFAULT_VIDEO_FRAMES
  if (!Number.isInteger(frames) || frames < 1) {
    throw new PromptError(
      'INVALID_CONVERSATION',
      `a video must have at least one frame, got ${frames}`
    )
  }
  return frames
}

/** The query as the seed sends it: media prefix, then the user's text. */
export function turnQueryParts(turn: PromptTurn): ContentPart[] {
  const parts: ContentPart[] = []
  for (const item of turn.media) {
    const count = item.kind === 'image' ? 1 : videoFrames(item)
    parts.push('<Img>', ...Array.from({ length: count }, (): ContentPart => IMAGE_MARK), '</Img>')
  }
  parts.push(turn.query)
  return parts
}

/** The parts as the seed's text, with `<ImageHere>` for each image mark. */
export function partsToText(parts: readonly ContentPart[]): string {
  return parts.map((part) => (part === IMAGE_MARK ? IMAGE_PLACEHOLDER : part)).join('')
}

export function checkConversation(conversation: PromptConversation): void {
  const { turns } = conversation
  if (turns.length === 0) {
    throw new PromptError('INVALID_CONVERSATION', 'a prompt needs at least one turn')
  }
  turns.forEach((turn, index) => {
    const isLast = index === turns.length - 1
    if (isLast && turn.response !== undefined) {
      throw new PromptError(
        'INVALID_CONVERSATION',
        'the last turn is the one to answer; it must not have a response'
      )
    }
    if (!isLast && turn.response === undefined) {
      throw new PromptError(
        'INVALID_CONVERSATION',
        `turn ${index + 1} of ${turns.length} has no response`
      )
    }
  })
}
