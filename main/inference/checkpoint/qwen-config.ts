// Typed view of a Qwen (v1/v1.1 remote-code) config.json: the numbers the converter and the
// reference need, with the MLP width halved as Qwen's own code does (MODEL-SPEC §5).
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { CheckpointError } from './errors'
import { describe } from './file-bytes'

const configSchema = z.object({
  hidden_size: z.number().int().positive(),
  num_hidden_layers: z.number().int().positive(),
  num_attention_heads: z.number().int().positive(),
  kv_channels: z.number().int().positive().optional(),
  intermediate_size: z.number().int().positive(),
  vocab_size: z.number().int().positive(),
  seq_length: z.number().int().positive(),
  layer_norm_epsilon: z.number().positive(),
  rotary_emb_base: z.number().positive().default(10000),
  rotary_pct: z.number().default(1),
  use_dynamic_ntk: z.boolean().default(true),
  use_logn_attn: z.boolean().default(true),
  tie_word_embeddings: z.boolean().default(false),
  max_position_embeddings: z.number().int().positive().optional()
})

export interface QwenConfig {
  readonly hidden: number
  readonly layers: number
  readonly heads: number
  readonly headDim: number
  /** Width of w1/w2: config intermediate_size / 2. */
  readonly mlpWidth: number
  readonly vocab: number
  readonly seqLength: number
  readonly rmsEps: number
  readonly rotaryBase: number
  readonly useDynamicNtk: boolean
  readonly useLognAttn: boolean
}

/** Reads config.json from a Qwen folder (or the file itself). */
export async function readQwenConfig(folderOrFile: string): Promise<QwenConfig> {
  let path = folderOrFile
  try {
    if ((await stat(path)).isDirectory()) path = join(path, 'config.json')
  } catch (error) {
    throw new CheckpointError('NOT_FOUND', `${folderOrFile} cannot be opened: ${describe(error)}`)
  }
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new CheckpointError('BAD_CONFIG', `${path} is not readable JSON: ${describe(error)}`)
  }
  const parsed = configSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new CheckpointError(
      'BAD_CONFIG',
      `${path} is not a Qwen config: ${issue.path.join('.')} ${issue.message}`
    )
  }
  const c = parsed.data
  const headDim = c.kv_channels ?? c.hidden_size / c.num_attention_heads
  const problems: string[] = []
  if (headDim * c.num_attention_heads !== c.hidden_size)
    problems.push('heads × kv_channels must equal hidden_size')
  if (c.intermediate_size % 2 !== 0)
    problems.push('intermediate_size must be even (Qwen halves it)')
  if (c.rotary_pct !== 1) problems.push('only rotary_pct 1 is supported')
  if (c.tie_word_embeddings) problems.push('tied embeddings are not Qwen-Chat')
  if (problems.length > 0)
    throw new CheckpointError('BAD_CONFIG', `${path}: ${problems.join('; ')}`)
  return {
    hidden: c.hidden_size,
    layers: c.num_hidden_layers,
    heads: c.num_attention_heads,
    headDim,
    mlpWidth: c.intermediate_size / 2,
    vocab: c.vocab_size,
    seqLength: c.seq_length,
    rmsEps: c.layer_norm_epsilon,
    rotaryBase: c.rotary_emb_base,
    useDynamicNtk: c.use_dynamic_ntk,
    useLognAttn: c.use_logn_attn
  }
}
