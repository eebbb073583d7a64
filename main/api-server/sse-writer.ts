// The two answer shapes of POST /v1/chat/completions: one `chat.completion` JSON object, or
// Server-Sent Events of `chat.completion.chunk` objects ending in `data: [DONE]`. Stream headers
// go out with the first piece, so failures before it still get a proper status code.
import type { ServerResponse } from 'node:http'
import type { CompletionResult } from './completion'
import type { OpenAiError } from './openai-error'

export interface CompletionIdentity {
  readonly id: string
  readonly created: number
  readonly model: string
}

export interface Usage {
  readonly prompt_tokens: number
  readonly completion_tokens: number
  readonly total_tokens: number
  readonly prompt_tokens_details: { readonly cached_tokens: number }
}

export function usageOf(result: CompletionResult): Usage {
  return {
    prompt_tokens: result.promptTokens,
    completion_tokens: result.completionTokens,
    total_tokens: result.promptTokens + result.completionTokens,
    prompt_tokens_details: { cached_tokens: result.reusedTokens }
  }
}

export function completionBody(
  identity: CompletionIdentity,
  result: CompletionResult
): Record<string, unknown> {
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    system_fingerprint: null,
    choices: result.choices.map((choice, index) => ({
      index,
      message: { role: 'assistant', content: choice.text, refusal: null },
      logprobs: null,
      finish_reason: choice.finishReason
    })),
    usage: usageOf(result)
  }
}

export class ChunkStream {
  private opened = false
  private readonly announced = new Set<number>()

  constructor(
    private readonly response: ServerResponse,
    private readonly identity: CompletionIdentity,
    private readonly includeUsage: boolean
  ) {}

  get started(): boolean {
    return this.opened
  }

  delta(choice: number, content: string): void {
    this.announce(choice)
    this.chunk([{ index: choice, delta: { content }, logprobs: null, finish_reason: null }])
  }

  finish(result: CompletionResult): void {
    result.choices.forEach((choice, index) => {
      this.announce(index)
      this.chunk([{ index, delta: {}, logprobs: null, finish_reason: choice.finishReason }])
    })
    if (this.includeUsage) this.chunk([], usageOf(result))
    this.end()
  }

  /** An error after the stream began: OpenAI's error object as an event, then the end. */
  fail(error: OpenAiError): void {
    this.open()
    this.response.write(`data: ${JSON.stringify(error.body())}\n\n`)
    this.end()
  }

  private end(): void {
    this.open()
    this.response.end('data: [DONE]\n\n')
  }

  /** The first chunk of a choice carries the assistant role. */
  private announce(choice: number): void {
    if (this.announced.has(choice)) return
    this.announced.add(choice)
    const delta = { role: 'assistant', content: '' }
    this.chunk([{ index: choice, delta, logprobs: null, finish_reason: null }])
  }

  private chunk(choices: readonly unknown[], usage?: Usage): void {
    this.open()
    const body = {
      id: this.identity.id,
      object: 'chat.completion.chunk',
      created: this.identity.created,
      model: this.identity.model,
      system_fingerprint: null,
      choices,
      ...(this.includeUsage ? { usage: usage ?? null } : {})
    }
    this.response.write(`data: ${JSON.stringify(body)}\n\n`)
  }

  private open(): void {
    if (this.opened) return
    this.opened = true
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no'
    })
  }
}
