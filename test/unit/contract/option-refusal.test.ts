// One options schema, one refusal: the same out-of-range values sent through IPC (the router with
// the contract's routes), the CLI flags (the built `mpp run`), `:conf`, the model-host protocol
// and the engine's own check all come back with the same words, written out by hand in
// option-refusals.ts. The form and `/conf` are in test/unit/renderer/option-refusal.test.tsx.
// Needs the built CLI (out/main/cli.js): run `npx electron-vite build` first.
import { execFile } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../main/api/api-error'
import { createRouter, type HandlerMap, type Router } from '../../../main/api/router'
import { applyConf } from '../../../main/cli/chat/generation-config'
import { validateGenerationOptions } from '../../../main/inference/generation/options'
import { GenerateRequestSchema } from '../../../main/model-host/protocol'
import { DEFAULT_GENERATION_OPTIONS } from '../../../preload/contract/generation-options'
import { routes } from '../../../preload/contract/routes'
import { REFUSAL_CASES } from '../../helpers/option-refusals'

const cli = join(resolve(import.meta.dirname, '../../..'), 'out/main/cli.js')
const run = promisify(execFile)

/** The real router over the contract's routes; every handler only records that it was reached. */
function recordingRouter(): { router: Router; calls: string[] } {
  const calls: string[] = []
  const handler = async (): Promise<never> => {
    calls.push('handled')
    throw new ApiError('UNAVAILABLE', 'a refused value must never reach a handler')
  }
  const map = Object.fromEntries(Object.keys(routes).map((name) => [name, handler]))
  return { router: createRouter(map as unknown as HandlerMap), calls }
}

describe.each(REFUSAL_CASES)('$name = $text', ({ key, name, flag, text, value, message }) => {
  it('is refused by IPC for a conversation and for the defaults, before any handler', async () => {
    const { router, calls } = recordingRouter()
    const forConversation = await router.dispatch('conversation.updateSettings', {
      id: 'c-1',
      patch: { options: { [key]: value } }
    })
    expect(forConversation).toEqual({ ok: false, error: { code: 'BAD_INPUT', message } })
    const forDefaults = await router.dispatch('settings.update', {
      chatDefaults: {
        options: { ...DEFAULT_GENERATION_OPTIONS, [key]: value },
        system: 'You are a helpful assistant.'
      }
    })
    expect(forDefaults).toEqual({ ok: false, error: { code: 'BAD_INPUT', message } })
    expect(calls).toEqual([])
  })

  it('is refused by the CLI flag with the same line and exit status 1', async () => {
    const failure = await run(process.execPath, [cli, 'run', flag, text, 'Hello']).then(
      () => null,
      (error: { code: number; stderr: string }) => error
    )
    expect(failure?.code).toBe(1)
    expect(failure?.stderr).toBe(`mpp: ${message}\n`)
  })

  it('is refused by :conf', () => {
    expect(() => applyConf(DEFAULT_GENERATION_OPTIONS, [`${name}=${text}`])).toThrow(
      expect.objectContaining({ code: 'bad-conf', message })
    )
  })

  it('is refused by the model-host protocol and by the engine', () => {
    const options = { ...DEFAULT_GENERATION_OPTIONS, [key]: value }
    const parsed = GenerateRequestSchema.safeParse({
      conversationId: 'c',
      system: '',
      turns: [{ query: 'q', media: [] }],
      options
    })
    expect(parsed.success ? null : parsed.error.issues[0].message).toBe(message)
    expect(() => validateGenerationOptions(options)).toThrow(
      expect.objectContaining({ code: 'invalid-options', message })
    )
  })
})
