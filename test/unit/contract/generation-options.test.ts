// The contract's generation options: the seed CLI's defaults (MODEL-SPEC §8.1), the one
// key=value parser (do_sample as the seed's eval reads it), and old settings clamped on reading.
import { describe, expect, it } from 'vitest'
import {
  DEFAULT_GENERATION_OPTIONS,
  clampOptions,
  parseConf
} from '../../../preload/contract/generation-options'
import { ConversationFileV3Schema } from '../../../main/services/conversation-schema'

describe('generation options', () => {
  it('defaults to the seed CLI: greedy, 512 new tokens, HF defaults, seed 42', () => {
    expect(DEFAULT_GENERATION_OPTIONS).toEqual({
      doSample: false,
      temperature: 1,
      topK: 50,
      topP: 1,
      repetitionPenalty: 1,
      numBeams: 1,
      maxNewTokens: 512,
      seed: 42
    })
  })

  it('reads do_sample as the seed does (True/False in any case, 1/0) and nothing else', () => {
    for (const [text, value] of [
      ['true', true],
      ['True', true],
      ['1', true],
      ['FALSE', false],
      ['0', false]
    ] as const) {
      expect(parseConf([`do_sample=${text}`])).toEqual({ ok: true, value: { doSample: value } })
    }
    expect(parseConf(['do_sample=yes'])).toEqual({
      ok: false,
      refusal: {
        code: 'invalid-option',
        option: 'doSample',
        message: 'do_sample must be true or false (got yes)',
        template: 'boolean',
        params: { name: 'do_sample', got: 'yes' }
      }
    })
  })

  it('refuses unknown names and words without "=", all or nothing', () => {
    expect(parseConf(['top_k=3', 'colour=red'])).toMatchObject({
      ok: false,
      refusal: {
        code: 'unknown-option',
        message: expect.stringMatching(/^Unknown option "colour"/)
      }
    })
    expect(parseConf(['top_k'])).toMatchObject({
      ok: false,
      refusal: { code: 'not-key-value', message: '"top_k" is not key=value' }
    })
    expect(parseConf(['TOP_K=3', 'seed=4294967295'])).toEqual({
      ok: true,
      value: { topK: 3, seed: 4294967295 }
    })
  })

  it('clamps settings saved under the older, wider ranges when a conversation file is read', () => {
    const old = {
      ...DEFAULT_GENERATION_OPTIONS,
      temperature: 4.5,
      repetitionPenalty: 0.6,
      topK: 500
    }
    expect(clampOptions(old)).toEqual({
      ...DEFAULT_GENERATION_OPTIONS,
      temperature: 2,
      repetitionPenalty: 1,
      topK: 100
    })
    const file = ConversationFileV3Schema.parse({
      version: 3,
      id: 'c-1',
      title: 't',
      createdAt: '',
      updatedAt: '',
      settings: { options: old, system: 's' },
      attachments: [],
      carriedAttachmentIds: [],
      turns: []
    })
    expect(file.settings.options.temperature).toBe(2)
  })
})
