// Media slots of one turn: encodes the media of the turns the prompt keeps, then lays their
// embedding rows and cache keys over the prompt's image-pad positions, and says per media item
// how many images and image tokens it took.
import type { GenerateRequest, MediaReceipt } from '../engine-api'
import { EngineError } from '../engine-errors'
import type { EncodedMedia, TurnModelFacts, TurnPorts } from './turn-ports'

export interface EncodedTurnMedia {
  /** In prompt order: every item of every kept turn. */
  readonly encoded: readonly EncodedMedia[]
  /** Images per media item, per turn: the encoded count for kept turns, the estimate otherwise. */
  readonly actual: readonly (readonly number[])[]
  readonly encodeMs: number
}

export interface MediaSlots {
  /** One cache key per image-pad position. */
  readonly slotKeys: string[]
  /** Embedding rows for the image-pad positions, in order (`hidden` floats each). */
  readonly slotRows: Float32Array
  readonly media: readonly MediaReceipt[]
}

export async function encodeKeptMedia(
  ports: TurnPorts,
  request: GenerateRequest,
  counts: readonly (readonly number[])[],
  keptTurns: readonly number[],
  signal?: AbortSignal
): Promise<EncodedTurnMedia> {
  const started = performance.now()
  const encoded: EncodedMedia[] = []
  const actual = counts.map((row) => [...row])
  for (const t of keptTurns) {
    const media = request.turns[t].media
    for (let m = 0; m < media.length; m++) {
      const e = await ports.encode(media[m], signal)
      actual[t][m] = e.count
      encoded.push(e)
    }
  }
  return { encoded, actual, encodeMs: encoded.length > 0 ? performance.now() - started : 0 }
}

export function fillMediaSlots(
  facts: TurnModelFacts,
  request: GenerateRequest,
  ids: readonly number[],
  media: EncodedTurnMedia,
  keptTurns: readonly number[]
): MediaSlots {
  const perImage = ids.filter((id) => id === facts.imagePadId).length
  const keysFlat = media.encoded.flatMap((e) => [...e.keys])
  const slotsPerImage = keysFlat.length > 0 ? perImage / keysFlat.length : 0
  if (!Number.isInteger(slotsPerImage)) {
    throw new EngineError(
      'MEDIA_MISMATCH',
      `the prompt has ${perImage} image slots for ${keysFlat.length} images`
    )
  }
  const slotKeys: string[] = []
  for (const key of keysFlat) for (let i = 0; i < slotsPerImage; i++) slotKeys.push(key)
  const slotRows = new Float32Array(perImage * facts.hidden)
  let offset = 0
  for (const e of media.encoded) {
    slotRows.set(e.rows, offset)
    offset += e.rows.length
  }
  if (offset !== slotRows.length) {
    throw new EngineError(
      'MEDIA_MISMATCH',
      `the media gave ${offset / facts.hidden} embedding rows for ${perImage} image slots`
    )
  }
  const kept = new Set(keptTurns)
  const receipts = media.actual.flatMap((row, turn) =>
    row.map((images, index): MediaReceipt => ({
      turn,
      index,
      kind: request.turns[turn].media[index].kind,
      images,
      imageTokens: kept.has(turn) ? images * slotsPerImage : 0,
      inPrompt: kept.has(turn)
    }))
  )
  return { slotKeys, slotRows, media: receipts }
}
