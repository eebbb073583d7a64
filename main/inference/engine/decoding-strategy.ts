// How a turn decodes after prefill, as two strategies behind one interface (as transformers.js
// picks a sampler class from the options): token by token, greedy or sampled, streaming text as
// it goes; or beam search, whose text is known only at the end. Each says what the prompt's
// sequence holds afterwards, so the turn can commit it to the conversation cache.
import type { GenerationOptions, StopReason } from '../engine-api'
import { beamSearch } from '../generation/beam-search'
import { decodeSequence, readbackFor, type DecodeParams } from '../generation/decode-loop'
import type { Readback, StepScores } from '../generation/kv-sequence'
import type { TokenPolicy } from '../generation/token-policy'
import type { StreamingText } from './turn-ports'

/** What decode-loop.ts takes for the prompt's prefilled sequence, with text instead of ids. */
export interface DecodeInput extends Omit<DecodeParams, 'onToken'> {
  /** Receives the answer's text as it becomes known. */
  readonly onText: (piece: string) => void
}

export interface DecodeOutput {
  readonly ids: number[]
  readonly stopReason: StopReason
  /** performance.now() of the first and the last generated token (0 when none). */
  readonly firstAt: number
  readonly lastAt: number
  /** Generated ids whose KV the prompt's sequence now holds after the prompt. */
  readonly cachedGenerated: number
}

export interface DecodingStrategy {
  /** What the prompt's last prefill step must read back for this strategy under `policy`. */
  readback(policy: TokenPolicy): Readback
  decode(input: DecodeInput): Promise<DecodeOutput>
}

/** Greedy or sampled decoding of the prompt's own sequence, streaming each token's text. */
export class TokenByTokenDecoding implements DecodingStrategy {
  constructor(private readonly streamingText: () => StreamingText) {}

  readback(policy: TokenPolicy): Readback {
    return readbackFor(policy)
  }

  async decode(input: DecodeInput): Promise<DecodeOutput> {
    const stream = this.streamingText()
    let firstAt = 0
    let lastAt = 0
    const outcome = await decodeSequence({
      ...input,
      onToken: (id) => {
        lastAt = performance.now()
        if (firstAt === 0) firstAt = lastAt
        const piece = stream.push(id)
        if (piece !== '') input.onText(piece)
      }
    })
    const rest = stream.flush()
    if (rest !== '') input.onText(rest)
    return { ...outcome, firstAt, lastAt }
  }
}

/** Beam search over forks of the prompt's sequence, which keeps only the prompt. */
export class BeamDecoding implements DecodingStrategy {
  constructor(
    private readonly numBeams: number,
    private readonly decodeText: (ids: readonly number[]) => string
  ) {}

  readback(): Readback {
    return 'full'
  }

  async decode(input: DecodeInput): Promise<DecodeOutput> {
    let firstAt = 0
    const outcome = await beamSearch({
      ...input,
      firstLogits: await fullLogitsOf(input.first),
      numBeams: this.numBeams,
      onFirstStep: () => (firstAt = performance.now())
    })
    const lastAt = performance.now()
    const text = this.decodeText(outcome.ids)
    if (text !== '') input.onText(text)
    return { ...outcome, firstAt, lastAt, cachedGenerated: 0 }
  }
}

/** The full logits of a step, fetched when only its top-K came back. */
function fullLogitsOf(scores: StepScores): Promise<Float32Array> {
  return 'logits' in scores ? Promise.resolve(scores.logits) : scores.fullLogits()
}

/** Beam search when several beams are asked for without sampling (as Hugging Face decides). */
export function decodingStrategyFor(
  options: GenerationOptions,
  text: { streamingText: () => StreamingText; decodeText: (ids: readonly number[]) => string }
): DecodingStrategy {
  return options.numBeams > 1 && !options.doSample
    ? new BeamDecoding(options.numBeams, text.decodeText)
    : new TokenByTokenDecoding(text.streamingText)
}
