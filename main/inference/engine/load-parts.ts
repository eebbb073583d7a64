// Opens a model package for the engine: decoder stages (one CPU stage unless a placement says
// otherwise), the host embedding table, the tokenizer and prompt builder, the lazily opened
// vision tower behind the embedding cache, and the facts a turn needs.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { probeVideo, chooseFrameIndices } from '../../media'
import { preprocessVideo } from '../preprocess/preprocess-video'
import type { GenerateRequest } from '../engine-api'
import { StreamingDetokenizer } from '../generation/detokenizer'
import { createTokenPolicy } from '../generation/token-policy'
import { MANIFEST_FILE } from '../package/manifest'
import { ModelPackage, type OpenPackageOptions } from '../package/model-package'
import { planOnDevices, parsePlacementRequest } from '../placement/request'
import { modelSizesFromManifest } from '../placement/sizes'
import { formatDevice } from '../devices/device-ref'
import { listDevices } from '../devices/list-devices'
import { PREFILL_CHUNK } from '../placement/accounting'
import { buildChatPrompt } from '../prompt/chatml'
import type { PromptConversation, PromptMedia } from '../prompt/prompt-turn'
import { ModelRunner } from '../runtime/model-runner'
import { loadSplitRunner } from '../runtime/split-runner'
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
  const onVerified = (done: number, total: number, file: string): void =>
    progress({ phase: 'package', done, total, message: `checked ${file}` })
  const { runner, maxContext } = await openRunner(pkgDir, options, onVerified)
  const pkg = runner.pkg
  const m = pkg.manifest
  const llm = m.arch.llm
  const chain = StageChain.of(runner)
  const tokenizer = QwenTokenizer.fromFile(pkg.path(m.tokenizerFile))
  const modelId = createHash('sha256')
    .update(await readFile(join(pkgDir, MANIFEST_FILE)))
    .digest('hex')
  const visionRunner: VisionRunner = {
    encode: (pixels, count) => runner.encodeImages(pixels, count)
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
      timingOnly: m.timingOnly === true,
      dtype: m.dtype,
      layers: llm.layers,
      hidden: llm.hidden,
      vocab: llm.vocab,
      maxContext,
      stages: runner.stages.map((s) => ({
        layers: s.spec.layers,
        device: formatDevice(s.spec.device)
      }))
    },
    ports,
    facts: {
      hidden: llm.hidden,
      imagePadId: m.specialIds.imagePad,
      stopIds: new Set(m.chatDefaults.stopIds),
      seqLength: llm.seqLength,
      useDynamicNtk: llm.useDynamicNtk,
      maxContext,
      prefillChunk: PREFILL_CHUNK
    },
    media,
    chain,
    pkg,
    dispose: () => runner.dispose()
  }
}

/**
 * The stages: one in-thread CPU stage over every layer when no placement is given, else the
 * placement planner's plan on this machine's devices, one worker thread per device.
 */
async function openRunner(
  pkgDir: string,
  options: EngineLoadOptions,
  onVerified: OpenPackageOptions['onVerified']
): Promise<{ runner: ModelRunner; maxContext: number }> {
  if (options.placement === undefined || options.placement === null) {
    return {
      runner: await ModelRunner.load(pkgDir, { verify: 'hash', onVerified }),
      maxContext: MODEL_MAX_CONTEXT
    }
  }
  const request = parsePlacementRequest(options.placement)
  const manifest = (await ModelPackage.open(pkgDir, { verify: 'hash', onVerified })).manifest
  const plan = planOnDevices(modelSizesFromManifest(manifest), await listDevices(), request)
  const maxContext = Math.min(MODEL_MAX_CONTEXT, plan.context)
  // Everything on the CPU is one stage: run it in this thread with every core, as with no
  // placement at all. A worker would keep a core free for this thread and cost a third of
  // the decode speed on a small machine (measured 52-54 vs 77-83 tokens/s, 2 cores, int4).
  if (plan.stages.length === 1 && plan.stages[0].device === 'cpu' && plan.vision === 'cpu') {
    return { runner: await ModelRunner.load(pkgDir, { verify: 'size' }), maxContext }
  }
  const runner = await loadSplitRunner(pkgDir, plan, {
    verify: 'size',
    onProgress: (p) =>
      options.onProgress?.({
        phase: 'stages',
        done: p.stage,
        total: p.stages,
        message: `loading layers on ${p.device}`
      })
  })
  return { runner, maxContext }
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
