// The one thing the generation loops need from the model: a sequence with its own KV cache that
// can be extended by new tokens (returning last-position logits), cut back, forked for beams and
// closed. The engine implements it over the decoder stages; loops never see stages directly.

/** New tokens to append after the cached ones. */
export interface SequenceInput {
  readonly ids: readonly number[]
  /**
   * Rows (row-major, `hidden` floats each) that replace the embeddings of the image-pad slots
   * among `ids`, in order. Absent or empty when `ids` holds no image slot.
   */
  readonly imageRows?: Float32Array
}

export interface KvSequence {
  /** Positions held in the KV cache. */
  readonly length: number
  /** Runs `input` after the cached positions; resolves with the logits of the last new token. */
  extend(input: SequenceInput): Promise<Float32Array>
  /** Drops cached positions >= length. */
  truncate(length: number): void
  /** An independent copy of this sequence's cache (beam search). */
  fork(): KvSequence
  close(): void
}
