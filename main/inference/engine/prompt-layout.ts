// Prompt layout of one turn: how many images each media item will fill, the prompt ids the
// history window keeps for those counts, and the refusal of a prompt that cannot fit before any
// media is encoded.
import type { GenerateRequest } from '../engine-api'
import { EngineError } from '../engine-errors'
import type { TurnModelFacts, TurnPorts, TurnPrompt } from './turn-ports'

export interface PromptLayout {
  /** Images per media item, per turn, as counted before encoding. */
  readonly counts: readonly (readonly number[])[]
  readonly prompt: TurnPrompt
}

export async function layoutPrompt(
  ports: TurnPorts,
  facts: TurnModelFacts,
  request: GenerateRequest
): Promise<PromptLayout> {
  const counts: number[][] = []
  for (const turn of request.turns) {
    const row: number[] = []
    for (const item of turn.media) row.push(await ports.countImages(item))
    counts.push(row)
  }
  const prompt = ports.prompt(request, counts)
  const limit = facts.maxContext - request.options.maxNewTokens
  if (prompt.ids.length > limit) {
    throw new EngineError(
      'PROMPT_TOO_LONG',
      `the conversation is ${prompt.ids.length} tokens; with ${request.options.maxNewTokens} ` +
        `new tokens it exceeds this model's context of ${facts.maxContext} tokens`
    )
  }
  return { counts, prompt }
}

/** The layout's ids, or new ids when encoding found other image counts than the estimate. */
export function idsForCounts(
  ports: TurnPorts,
  request: GenerateRequest,
  layout: PromptLayout,
  actual: readonly (readonly number[])[]
): number[] {
  const same = actual.every((row, t) => row.every((n, m) => n === layout.counts[t][m]))
  return same ? layout.prompt.ids : ports.prompt(request, actual).ids
}
