// The optional --arch JSON (numbers tensor shapes cannot carry) and the derivation of the full
// architecture from tensor shapes, config.json and those options.
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { readQwenConfig } from '../checkpoint/qwen-config'
import type { CheckpointReader } from '../checkpoint/types'
import type { Manifest } from '../package/manifest'
import { ConvertError } from './errors'

export const archOptionsSchema = z.strictObject({
  vision: z
    .strictObject({
      heads: z.number().int().positive().default(16),
      layerNormEps: z.number().positive().default(1e-6),
      lnVisionEps: z.number().positive().default(1e-5),
      /** Optional: ViT blocks to use. Default: the EVA file's block count − 1 (BLIP-2 drops the last). */
      depth: z.number().int().positive().optional()
    })
    .default({ heads: 16, layerNormEps: 1e-6, lnVisionEps: 1e-5 }),
  qformer: z
    .strictObject({
      heads: z.number().int().positive().default(12),
      crossAttentionFreq: z.number().int().positive().default(2),
      layerNormEps: z.number().positive().default(1e-12)
    })
    .default({ heads: 12, crossAttentionFreq: 2, layerNormEps: 1e-12 }),
  imageSize: z.number().int().positive().default(224),
  patchSize: z.number().int().positive().default(14)
})
export type ArchOptions = z.infer<typeof archOptionsSchema>

export async function readArchOptions(path: string | undefined): Promise<ArchOptions> {
  if (path === undefined) return archOptionsSchema.parse({})
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error)
    throw new ConvertError('BAD_ARCH', `${path} is not readable JSON: ${why}`, { cause: error })
  }
  const parsed = archOptionsSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue.path.join('.') || '(root)'
    throw new ConvertError('BAD_ARCH', `${path}: ${where}: ${issue.message}`)
  }
  return parsed.data
}

export interface ArchSources {
  vit: CheckpointReader
  blip2: CheckpointReader
  llmFolder: string
}

function shapeOf(reader: CheckpointReader, key: string): readonly number[] {
  if (!reader.has(key)) {
    throw new ConvertError(
      'MISSING_TENSOR',
      `${reader.path} lacks ${key}, needed to size the model`
    )
  }
  return reader.info(key).shape
}

function countIndexed(reader: CheckpointReader, pattern: RegExp): number {
  const seen = new Set<number>()
  for (const t of reader.list()) {
    const m = pattern.exec(t.name)
    if (m) seen.add(Number(m[1]))
  }
  let n = 0
  while (seen.has(n)) n++
  return n
}

/** Architecture numbers from shapes (ViT depth = EVA blocks − 1, as BLIP-2 drops the last). */
export async function deriveArch(src: ArchSources, opts: ArchOptions): Promise<Manifest['arch']> {
  const { vit, blip2 } = src
  const width = shapeOf(vit, 'cls_token')[2]
  const evaBlocks = countIndexed(vit, /^blocks\.(\d+)\.norm1\.weight$/)
  if (evaBlocks < 2) throw new ConvertError('BAD_SOURCE', `${vit.path} holds no EVA ViT blocks`)
  if (opts.vision.depth !== undefined && opts.vision.depth > evaBlocks) {
    throw new ConvertError(
      'BAD_ARCH',
      `vision.depth ${opts.vision.depth} exceeds the ${evaBlocks} blocks in ${vit.path}`
    )
  }
  const patch = shapeOf(vit, 'patch_embed.proj.weight')
  if (patch[2] !== opts.patchSize || patch[3] !== opts.patchSize) {
    throw new ConvertError(
      'BAD_ARCH',
      `patch size ${opts.patchSize} does not match ${vit.path} patch_embed.proj.weight [${patch.join(',')}]`
    )
  }
  const tokens = (opts.imageSize / opts.patchSize) ** 2 + 1
  const pos = shapeOf(vit, 'pos_embed')
  if (pos[1] !== tokens) {
    throw new ConvertError(
      'BAD_ARCH',
      `${vit.path} pos_embed holds ${pos[1]} positions but image size ${opts.imageSize} needs ${tokens} (pos-embed interpolation is not supported)`
    )
  }
  if (width % opts.vision.heads !== 0) {
    throw new ConvertError(
      'BAD_ARCH',
      `vision width ${width} is not divisible by ${opts.vision.heads} heads`
    )
  }
  const queries = shapeOf(blip2, 'query_tokens')
  const qWidth = queries[2]
  const bert = 'Qformer.bert.encoder.layer'
  const qDepth = countIndexed(
    blip2,
    /^Qformer\.bert\.encoder\.layer\.(\d+)\.attention\.self\.query\.weight$/
  )
  if (qDepth === 0) throw new ConvertError('BAD_SOURCE', `${blip2.path} holds no Q-Former layers`)
  const encoderWidth = shapeOf(blip2, `${bert}.0.crossattention.self.key.weight`)[1]
  if (encoderWidth !== width) {
    throw new ConvertError(
      'BAD_SOURCE',
      `${blip2.path} cross-attention expects width ${encoderWidth} but the ViT in ${vit.path} is ${width} wide`
    )
  }
  if (qWidth % opts.qformer.heads !== 0) {
    throw new ConvertError(
      'BAD_ARCH',
      `Q-Former width ${qWidth} is not divisible by ${opts.qformer.heads} heads`
    )
  }
  const llm = await readQwenConfig(src.llmFolder)
  return {
    vision: {
      width,
      depth: opts.vision.depth ?? evaBlocks - 1,
      heads: opts.vision.heads,
      mlpWidth: shapeOf(vit, 'blocks.0.mlp.fc1.weight')[0],
      patchSize: opts.patchSize,
      imageSize: opts.imageSize,
      layerNormEps: opts.vision.layerNormEps,
      lnVisionEps: opts.vision.lnVisionEps
    },
    qformer: {
      width: qWidth,
      depth: qDepth,
      heads: opts.qformer.heads,
      intermediate: shapeOf(blip2, `${bert}.0.intermediate_query.dense.weight`)[0],
      crossAttentionFreq: opts.qformer.crossAttentionFreq,
      layerNormEps: opts.qformer.layerNormEps,
      queries: queries[1],
      encoderWidth
    },
    llm: { ...llm }
  }
}
