// The conversation the worker tests compare runners with: two user turns on one sequence (the
// second reuses the first's KV cache), 3 greedy steps each, ids and logits recorded; plus the
// in-thread single CPU stage's transcript every split is held to; stage specs of the tiny model.
import { expect } from 'vitest'
import { ModelRunner, argmax } from '../../../main/inference/runtime/model-runner'
import type { StageSpec } from '../../../main/inference/runtime/stage'
import { TURN_ONE, TURN_TWO } from './tiny-package'

export const cpu = { kind: 'cpu', index: 0 } as const
export const gpu = { kind: 'webgpu', index: 0 } as const

/** A stage of the 4-layer tiny model. */
export const spec = (from: number, to: number, device: StageSpec['device']): StageSpec => ({
  layers: [from, to],
  device,
  isLast: to === 4
})

export interface Transcript {
  ids: number[]
  logits: Float32Array[]
}

/** `during(step)` runs while decode step `step` (0-based, both turns) is in flight. */
export async function converse(
  runner: ModelRunner,
  during?: (step: number) => void
): Promise<Transcript> {
  const seq = runner.openSequence()
  const transcript: Transcript = { ids: [], logits: [] }
  let step = 0
  for (const turn of [TURN_ONE, TURN_TWO]) {
    let logits = await runner.forward(seq, turn)
    for (let i = 0; i < 3; i++) {
      transcript.logits.push(logits)
      const next = argmax(logits)
      transcript.ids.push(next)
      const pending = runner.forward(seq, [next])
      during?.(step++)
      logits = await pending
    }
  }
  runner.closeSequence(seq)
  return transcript
}

export function maxDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]))
  return worst
}

export function expectSameTranscript(actual: Transcript, expected: Transcript): void {
  expect(actual.ids).toEqual(expected.ids)
  actual.logits.forEach((logits, step) => {
    expect(logits.length).toBe(expected.logits[step].length)
    expect(maxDifference(logits, expected.logits[step])).toBeLessThan(2e-4)
  })
}

/** The transcript of one CPU stage over every layer, in this thread. */
export async function singleStageTranscript(dir: string): Promise<Transcript> {
  const runner = await ModelRunner.load(dir, { threads: 1 })
  try {
    return await converse(runner)
  } finally {
    await runner.dispose()
  }
}
