// Opens a model package for the engine: decoder stages (one CPU stage unless a placement says
// otherwise), the host embedding table, the tokenizer and prompt builder, the lazily opened
// vision tower behind the embedding cache, and the facts a turn needs.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { probeVideo, chooseFrameIndices, preprocessVideo } from '../../media'
import type { GenerateRequest } from '../engine-api'
import { StreamingDetokenizer } from '../generation/detokenizer'
import { createTokenPolicy } from '../generation/token-policy'
import { MANIFEST_FILE } from '../package/manifest'
import { ModelPackage } from '../package/model-package'
import { PREFILL_CHUNK } from '../placement/accounting'
import { buildChatPrompt } from '../prompt/chatml'
import type { PromptConversation, PromptMedia } from '../prompt/prompt-turn'
import { EmbeddingTable } from '../runtime/embeddings'
import { createStage, type DecoderStage, type StageSpec } from '../runtime/stage'
import { VisionEncoder } from '../runtime/vision-session'
import { QwenTokenizer } from '../tokenizer'
import { EmbeddingCache } from './embedding-cache'
import { MediaEncoder, type VisionRunner } from './media-encoder'
import type { EngineLoadOptions, ModelParts } from './model-parts'
import { StageChain } from './stage-sequence'
import type { TurnPorts } from './turn-ports'

/** Qwen's logn table covers positions below 32768; nothing beyond is defined. */
export const MODEL_MAX_CONTEXT = 32768
const MEMORY_EMBEDDINGS = 256
const VISION_BATCH = 8

export async function loadModelParts(
  pkgDir: string,
  options: EngineLoadOptions
): Promise<ModelParts> {
  const progress = options.onProgress ?? ((): void => undefined)
  progress({ phase: 'package', done: 0, total: 1, message: 'checking the model package' })
  const pkg = await ModelPackage.open(pkgDir, { verify: 'size' })
  const m = pkg.manifest
  const llm = m.arch.llm
  const specs: StageSpec[] = [
    { layers: [0, llm.layers], device: { kind: 'cpu', index: 0 }, isLast: true }
  ]
  const stages: DecoderStage[] = []
  try {
    for (const [i, spec] of specs.entries()) {
      progress({ phase: 'stages', done: i, total: specs.length, message: 'opening decoder stages' })
      stages.push(await createStage(pkg, spec))
    }
  } catch (error) {
    for (const stage of stages) await stage.dispose()
    throw error
  }
  const table = new EmbeddingTable(
    pkg.path(m.embedding.file),
    m.embedding.rows,
    m.embedding.width,
    m.embedding.dtype
  )
  const chain = new StageChain(stages, table, llm, m.specialIds.imagePad)
  const tokenizer = QwenTokenizer.fromFile(pkg.path(m.tokenizerFile))
  const modelId = createHash('sha256')
    .update(await readFile(join(pkgDir, MANIFEST_FILE)))
    .digest('hex')
  let vision: VisionEncoder | undefined
  const visionRunner: VisionRunner = {
    encode: async (pixels, count) => {
      vision ??= await VisionEncoder.open(pkg)
      return vision.encode(pixels, count)
    }
  }
  const entryFloats = m.arch.qformer.queries * llm.hidden
  const media = new MediaEncoder({
    cache: new EmbeddingCache({
      dir: join(pkgDir, '.cache', 'embeddings'),
      entryFloats,
      maxMemoryEntries: MEMORY_EMBEDDINGS
    }),
    vision: visionRunner,
    video: {
      count: async (path, count) =>
        chooseFrameIndices((await probeVideo(path)).frameCount, count).length,
      pixels: (path, count) => preprocessVideo(path, { count })
    },
    modelId,
    entryFloats,
    metaDir: join(pkgDir, '.cache', 'embeddings'),
    batch: VISION_BATCH
  })
  const maxWindowSize = m.chatDefaults.maxWindowSize
  const ports: TurnPorts = {
    prompt: (request, counts) => {
      const prompt = buildChatPrompt(tokenizer, promptConversation(request, counts), {
        maxWindowSize
      })
      return { ids: prompt.ids, keptTurns: prompt.keptTurns }
    },
    countImages: (item) => media.countImages(item),
    encode: (item, signal) => media.encode(item, signal),
    openSequence: (alpha) => chain.open(alpha),
    policy: createTokenPolicy,
    streamingText: () => new StreamingDetokenizer(tokenizer),
    decodeText: (ids) => tokenizer.decode(ids)
  }
  progress({ phase: 'ready', done: 1, total: 1 })
  return {
    info: {
      packagePath: pkgDir,
      demo: m.demo,
      dtype: m.dtype,
      layers: llm.layers,
      hidden: llm.hidden,
      vocab: llm.vocab,
      maxContext: MODEL_MAX_CONTEXT,
      stages: specs.map((s) => ({ layers: s.layers, device: `${s.device.kind}:${s.device.index}` }))
    },
    ports,
    facts: {
      hidden: llm.hidden,
      imagePadId: m.specialIds.imagePad,
      stopIds: new Set(m.chatDefaults.stopIds),
      seqLength: llm.seqLength,
      useDynamicNtk: llm.useDynamicNtk,
      maxContext: MODEL_MAX_CONTEXT,
      prefillChunk: PREFILL_CHUNK
    },
    media,
    chain,
    dispose: async () => {
      for (const stage of stages) await stage.dispose()
      await vision?.dispose()
      table.close()
    }
  }
}

/** The request as the prompt builder reads it, with each media item's actual image count. */
function promptConversation(
  request: GenerateRequest,
  counts: readonly (readonly number[])[]
): PromptConversation {
  return {
    system: request.system,
    turns: request.turns.map((turn, t) => ({
      query: turn.query,
      response: turn.response,
      media: turn.media.map((item, m): PromptMedia =>
        item.kind === 'image' ? { kind: 'image' } : { kind: 'video', frames: counts[t][m] }
      )
    }))
  }
}
