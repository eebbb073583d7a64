// The one thing the generation loops need from the model: a sequence with its own KV cache that
// can be extended by new tokens (returning last-position logits), cut back, forked for beams and
// closed. The engine implements it over the decoder stages; loops never see stages directly.
import type { TopLogits } from './top-logits'

/** New tokens to append after the cached ones. */
export interface SequenceInput {
  readonly ids: readonly number[]
  /**
   * Rows (row-major, `hidden` floats each) that replace the embeddings of the image-pad slots
   * among `ids`, in order. Absent or empty when `ids` holds no image slot.
   */
  readonly imageRows?: Float32Array
}

/**
 * What a step read back about its last position: the full logits, or only the top-K raw scores
 * (greedy decoding) with a way to fetch the full logits of that same step while the sequence
 * has not moved on.
 */
export type StepScores =
  | { readonly logits: Float32Array }
  | { readonly top: TopLogits; fullLogits(): Promise<Float32Array> }

/** How much of a step's logits to read back. */
export type Readback = 'full' | 'top-k'

export interface KvSequence {
  /** Positions held in the KV cache. */
  readonly length: number
  /** Runs `input` after the cached positions; resolves with the logits of the last new token. */
  extend(input: SequenceInput): Promise<Float32Array>
  /**
   * As extend; with 'top-k' the stages read back only the top-K of the last position where the
   * last stage can select them (else the full logits, as with 'full').
   */
  extendWith(input: SequenceInput, readback: Readback): Promise<StepScores>
  /** Drops cached positions >= length. */
  truncate(length: number): void
  /** An independent copy of this sequence's cache (beam search). */
  fork(): KvSequence
  close(): void
}
