// A ChatEngine double for service tests: answers with fixed words, one per tick, records every
// request, honours the abort signal, and can be told to fail or to replay once mid-answer.
import type { GenerateRequest, GenerateResult } from '../../main/inference/engine-api'
import type { ChatEngine, ChatEngineHandlers } from '../../main/services/chat-engine'
import { fakeMediaReceipts } from '../../main/model-host/fake-handlers'

export interface ScriptedEngine extends ChatEngine {
  readonly requests: GenerateRequest[]
  failWith: string | null
  restartAfter: number | null
}

export function scriptedEngine(words: readonly string[], tickMs = 2): ScriptedEngine {
  const engine: ScriptedEngine = {
    requests: [],
    failWith: null,
    restartAfter: null,
    async generate(request, handlers: ChatEngineHandlers = {}, signal) {
      engine.requests.push(structuredClone(request))
      if (engine.failWith) throw new Error(engine.failWith)
      let text = ''
      let restarted = false
      for (let index = 0; index < words.length; index++) {
        await new Promise((resolve) => setTimeout(resolve, tickMs))
        if (signal?.aborted) return result(request, text, 'cancelled')
        if (!restarted && engine.restartAfter === index) {
          restarted = true
          text = ''
          handlers.onRestart?.()
          index = -1
          continue
        }
        const piece = index === 0 ? words[0] : ` ${words[index]}`
        text += piece
        handlers.onDelta?.(piece)
      }
      return result(request, text, 'stop-token')
    }
  }
  return engine
}

function result(
  request: GenerateRequest,
  text: string,
  stopReason: GenerateResult['stats']['stopReason']
): GenerateResult {
  return {
    ids: [],
    text,
    stats: {
      promptTokens: 10,
      prefillTokens: 10,
      generatedTokens: text.split(' ').length,
      msToFirstToken: 5,
      prefillTokensPerSec: 100,
      decodeTokensPerSec: 50,
      imageEncodeMs: 0,
      stopReason,
      media: fakeMediaReceipts(request.turns)
    }
  }
}
