// What a loaded model package amounts to for the engine facade: the turn ports and facts, the
// media encoder, a plain-data description, and how to let it all go.
import type { ModelPackage } from '../package/model-package'
import type { MediaEncoder } from './media-encoder'
import type { StageChain } from './stage-sequence'
import type { TurnModelFacts, TurnPorts } from './turn-ports'

/** Plain JSON description of a loaded model (goes into the host's LoadResult.info). */
export interface EngineInfo {
  readonly packagePath: string
  readonly demo: boolean
  /** A `mpp make-bench-model` package: filled weights, for timing only. */
  readonly timingOnly: boolean
  readonly dtype: 'fp32' | 'fp16' | 'int4'
  readonly layers: number
  readonly hidden: number
  readonly vocab: number
  /** Most positions (prompt + generated) one conversation may hold. */
  readonly maxContext: number
  readonly stages: { readonly layers: [number, number]; readonly device: string }[]
}

export interface LoadProgress {
  readonly phase: string
  readonly done: number
  readonly total: number
  readonly message?: string
}

export interface EngineLoadOptions {
  /** Placement wishes as plain JSON (the placement planner's input); omitted: all on CPU. */
  readonly placement?: unknown
  readonly onProgress?: (progress: LoadProgress) => void
}

export interface ModelParts {
  readonly info: EngineInfo
  readonly ports: TurnPorts
  readonly facts: TurnModelFacts
  readonly media: MediaEncoder
  /** The decoder stages as one chain (benchmark and tests open sequences on it directly). */
  readonly chain: StageChain
  readonly pkg: ModelPackage
  dispose(): Promise<void>
}
