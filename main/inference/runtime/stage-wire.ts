// The form of a StageInput on the way to a device worker or stage process. A step whose tables
// stepPositions built crosses as its hidden rows plus what the tables were built from (start,
// NTK alpha, four arch numbers); the receiver builds them again, bit for bit. So per decode step
// only the hidden state [tokens, hidden] is bulk data: the causal bias alone would be
// [tokens, cached + tokens] floats (32 KiB a token at 8k context, more than the hidden state of
// a 7B model). Tables built some other way cross as they are.
import { z } from 'zod'
import { builtFrom, lazyStepPositions, type PositionSource } from './position-inputs'
import type { StageInput } from './stage'

/** A Float32Array, as the channel's frames and worker threads' clones deliver them. */
export const floats = z.custom<Float32Array>(
  (value) => value instanceof Float32Array,
  'expected a Float32Array'
)

const logits = z.enum(['full', 'argmax', 'top-k']).optional()

/**
 * Far beyond any context a model here can hold (Qwen's 8k, or 32k with NTK): a bound on the
 * tables a receiver agrees to build for a peer.
 */
export const MAX_WIRE_POSITION = 1 << 20

const positionSourceSchema = z.object({
  arch: z.object({
    headDim: z.number().int().positive().multipleOf(2).max(4096),
    rotaryBase: z.number().positive().finite(),
    seqLength: z.number().int().positive(),
    useLognAttn: z.boolean()
  }),
  start: z.number().int().min(0).max(MAX_WIRE_POSITION),
  alpha: z.number().min(1).finite()
}) satisfies z.ZodType<PositionSource>

/** A step as tables. */
const tablesInputSchema = z.object({
  hidden: floats,
  tokens: z.number().int().positive(),
  ropeCos: floats,
  ropeSin: floats,
  lognScale: floats,
  attnBias: floats,
  logits
})

/** A step as what its tables were built from. */
const positionsInputSchema = z.object({
  hidden: floats,
  tokens: z.number().int().positive().max(MAX_WIRE_POSITION),
  positions: positionSourceSchema,
  logits
})

export const stageWireInputSchema = z.union([positionsInputSchema, tablesInputSchema])
export type StageWireInput = z.infer<typeof stageWireInputSchema>

/** What to send for `input`: its source instead of its tables wherever it has one. */
export function toWire(input: StageInput): StageWireInput {
  const source = builtFrom(input)
  const logitsWanted = input.logits === undefined ? {} : { logits: input.logits }
  if (source !== undefined)
    return { hidden: input.hidden, tokens: input.tokens, positions: source, ...logitsWanted }
  return {
    hidden: input.hidden,
    tokens: input.tokens,
    ropeCos: input.ropeCos,
    ropeSin: input.ropeSin,
    lognScale: input.lognScale,
    attnBias: input.attnBias,
    ...logitsWanted
  }
}

/** The StageInput a received step stands for; a causal bias is built only if a stage reads it. */
export function fromWire(wire: StageWireInput): StageInput {
  if (!('positions' in wire)) return wire
  const { positions, ...rest } = wire
  // Assigned onto the tables, not spread: a spread would read, and so build, the lazy bias.
  return Object.assign(
    lazyStepPositions(positions.arch, positions.start, rest.tokens, positions.alpha),
    rest
  )
}

/** The arrays of a wire input that a transfer may hand over. */
export function wireArrays(wire: StageWireInput): Float32Array[] {
  return 'positions' in wire
    ? [wire.hidden]
    : [wire.hidden, wire.ropeCos, wire.ropeSin, wire.lognScale, wire.attnBias]
}
