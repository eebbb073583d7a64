// What the conversation service needs from whatever generates answers: the model host client
// satisfies it as is; a ModelService hands it out only while a model is loaded.
import type { GenerateRequest, GenerateResult, GenerationStats } from '../inference/engine-api'

export interface ChatEngineHandlers {
  onDelta?(text: string): void
  /** The host died mid-answer and is replaying the turn from the start. */
  onRestart?(): void
  onStats?(stats: GenerationStats): void
}

export interface ChatEngine {
  generate(
    request: GenerateRequest,
    handlers?: ChatEngineHandlers,
    signal?: AbortSignal
  ): Promise<GenerateResult>
}
