// The wire contract: frames survive a real structured clone and still validate, bad frames are
// refused, and the zod shapes agree with the engine's own request/result types.
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  DEFAULT_GENERATION_OPTIONS,
  type GenerateRequest,
  type GenerateResult,
  type GenerationStats
} from '../../../main/inference/engine-api'
import {
  HostFrameSchema,
  METHODS,
  ParentFrameSchema,
  type MethodParams,
  type MethodResult
} from '../../../main/model-host/protocol'

const generateParams: GenerateRequest = {
  conversationId: 'c',
  system: 'sys',
  turns: [
    { query: 'q1', media: [{ kind: 'video', path: '/v.mp4', frames: 8 }], response: 'r1' },
    { query: 'q2', media: [{ kind: 'image', path: '/a.jpg' }] }
  ],
  options: DEFAULT_GENERATION_OPTIONS
}

describe('model host protocol', () => {
  it('matches the engine facade types in both directions', () => {
    expectTypeOf<MethodParams<'generate'>>().toExtend<GenerateRequest>()
    expectTypeOf<MethodResult<'generate'>>().toExtend<GenerateResult>()
    expectTypeOf<GenerationStats>().toExtend<MethodResult<'generate'>['stats']>()
    expectTypeOf<GenerateRequest['options']>().toExtend<MethodParams<'generate'>['options']>()
  })

  it('round-trips every frame kind through structuredClone', () => {
    const parentFrames = [
      { v: 1, kind: 'request', id: 1, method: 'generate', params: generateParams },
      { v: 1, kind: 'cancel', id: 1 },
      { v: 1, kind: 'ping', seq: 3 },
      { v: 1, kind: 'shutdown' }
    ]
    for (const frame of parentFrames) {
      expect(ParentFrameSchema.parse(structuredClone(frame))).toEqual(frame)
    }
    expect(METHODS.generate.params.parse(structuredClone(generateParams))).toEqual(generateParams)
    const hostFrames = [
      { v: 1, kind: 'ready', pid: 10 },
      { v: 1, kind: 'event', id: 1, event: { type: 'delta', text: '你好' } },
      {
        v: 1,
        kind: 'event',
        id: 1,
        event: { type: 'loadProgress', progress: { phase: 'w', done: 1, total: 2 } }
      },
      {
        v: 1,
        kind: 'error',
        id: 1,
        error: { code: 'LOAD_FAILED', message: 'm', engineCode: 'bad' }
      },
      { v: 1, kind: 'pong', seq: 3 }
    ]
    for (const frame of hostFrames) {
      expect(HostFrameSchema.parse(structuredClone(frame))).toEqual(frame)
    }
  })

  it('refuses other versions, unknown kinds, unknown error codes and bad options', () => {
    expect(ParentFrameSchema.safeParse({ v: 2, kind: 'ping', seq: 1 }).success).toBe(false)
    expect(ParentFrameSchema.safeParse({ v: 1, kind: 'reboot' }).success).toBe(false)
    expect(
      HostFrameSchema.safeParse({
        v: 1,
        kind: 'error',
        id: 1,
        error: { code: 'OOPS', message: '' }
      }).success
    ).toBe(false)
    const badOptions = { ...generateParams, options: { ...DEFAULT_GENERATION_OPTIONS, topP: 0 } }
    expect(METHODS.generate.params.safeParse(badOptions).success).toBe(false)
    const extraKey = { ...generateParams, turns: [{ query: 'q', media: [], extra: 1 }] }
    expect(METHODS.generate.params.safeParse(extraKey).success).toBe(false)
  })
})
