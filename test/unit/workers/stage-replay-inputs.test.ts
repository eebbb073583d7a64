// What a restarted stage is fed: the tiny model's real CPU stages behind RecoveringStage, driven
// by ModelRunner (the production path that builds the position tables), with a stage that dies
// once mid-answer. Every input it replays must be byte for byte the one ModelRunner built at the
// time (NTK alpha 3 past seqLength 128, logn, a chunk cut mid-way by truncate keeping its first
// rows), and the interrupted step must give the logits of a run where nothing died.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStage } from '../../../main/inference/runtime/create-stage'
import { ModelRunner, type RunnerSequence } from '../../../main/inference/runtime/model-runner'
import type { ModelPackage } from '../../../main/inference/package/model-package'
import { RecoveringStage } from '../../../main/inference/runtime/recovering-stage'
import type {
  DecoderStage,
  SequenceId,
  StageInput,
  StageOutput,
  StageSpec
} from '../../../main/inference/runtime/stage'
import { StageWorkerError } from '../../../main/inference/runtime/worker-errors'
import { bytes, firstRows } from '../runtime/first-rows'
import { StageChain } from '../../../main/inference/engine/stage-sequence'
import { makeTinyPackage, TURN_ONE, TURN_TWO, type TinyPackage } from './tiny-package'
import { cpu, spec } from './transcript'

type Received = Required<Omit<StageInput, 'logits' | 'positionSource'>>

const TABLES = ['hidden', 'ropeCos', 'ropeSin', 'lognScale', 'attnBias'] as const

/** A real stage that keeps a copy of every input it receives and can die once, on request. */
class Tap implements DecoderStage {
  readonly received: Received[] = []
  dieOnNextForward = false
  dieOnNextFullLogits = false

  constructor(private readonly stage: DecoderStage) {}

  get spec(): StageSpec {
    return this.stage.spec
  }
  openSequence(): SequenceId {
    return this.stage.openSequence()
  }
  forward(seq: SequenceId, input: StageInput): Promise<StageOutput> {
    if (this.dieOnNextForward) {
      this.dieOnNextForward = false
      return Promise.reject(new StageWorkerError('WORKER_DIED', 'stage process exited (test)'))
    }
    const copy = { tokens: input.tokens } as Received
    for (const key of TABLES) copy[key] = input[key].slice()
    this.received.push(copy)
    return this.stage.forward(seq, input)
  }
  truncate(seq: SequenceId, length: number): void {
    this.stage.truncate(seq, length)
  }
  fork(seq: SequenceId): SequenceId {
    return this.stage.fork(seq)
  }
  cachedLength(seq: SequenceId): number {
    return this.stage.cachedLength(seq)
  }
  fullLogits(seq: SequenceId): Promise<Float32Array> {
    if (this.dieOnNextFullLogits) {
      this.dieOnNextFullLogits = false
      return Promise.reject(new StageWorkerError('WORKER_DIED', 'stage process exited (test)'))
    }
    return this.stage.fullLogits(seq)
  }
  closeSequence(seq: SequenceId): void {
    this.stage.closeSequence(seq)
  }
  dispose(): Promise<void> {
    return this.stage.dispose()
  }
}

const SPECS = [spec(0, 2, cpu), spec(2, 4, cpu)]
const tokens = (count: number): number[] =>
  Array.from({ length: count }, (_, i) => [...TURN_ONE, ...TURN_TWO][i % 35])

/**
 * Two sequences: A opens with 150 tokens (past seqLength 128: alpha 3, logn on), takes a step,
 * then a chunk of 10 cut back to its first 4, then 7 more; B opens with 100 (alpha 1) and a chunk
 * of 40 crossing 128. Returns the logits of A's next step, run while `before` has armed a death.
 */
async function conversation(runner: ModelRunner, before: () => void): Promise<Float32Array> {
  const a = runner.openSequence()
  const b = runner.openSequence()
  await runner.forward(a, tokens(150))
  await runner.forward(a, [TURN_TWO[3]])
  await runner.forward(a, tokens(10))
  cut(runner, a, 155)
  await runner.forward(a, tokens(7))
  await runner.forward(b, tokens(100))
  await runner.forward(b, tokens(40))
  before()
  return runner.forward(a, [TURN_ONE[5]])
}

function cut(runner: ModelRunner, seq: RunnerSequence, length: number): void {
  runner.stages.forEach((stage, i) => stage.truncate(seq.ids[i], length))
  seq.length = length
}

let pkg: TinyPackage
beforeAll(async () => {
  pkg = await makeTinyPackage(4)
}, 180_000)
afterAll(async () => pkg?.remove())

describe('a restarted stage replays the inputs it was given', () => {
  it('feeds the new stage bit-identical inputs and gives the same logits', async () => {
    const taps: Tap[][] = SPECS.map(() => [])
    const openStage = (p: ModelPackage, s: StageSpec): Promise<DecoderStage> => {
      const index = SPECS.findIndex((candidate) => candidate.layers[0] === s.layers[0])
      return RecoveringStage.open(async () => {
        const tap = new Tap(await createStage(p, s, { threads: 1 }))
        taps[index].push(tap)
        return tap
      })
    }
    const runner = await ModelRunner.load(pkg.dir, { stages: SPECS, openStage, threads: 1 })
    const reference = await ModelRunner.load(pkg.dir, { stages: SPECS, threads: 1 })
    try {
      const logits = await conversation(runner, () => (taps[1][0].dieOnNextForward = true))
      const expectedLogits = await conversation(reference, () => undefined)
      expect(taps.map((t) => t.length)).toEqual([1, 2])

      const [first, restarted] = taps[1]
      // Received before the death: A 150, 1, 10, 7; B 100, 40 (A's last step died on arrival).
      expect(first.received.map((r) => r.tokens)).toEqual([150, 1, 10, 7, 100, 40])
      const [a150, a1, a10, a7, b100, b40] = first.received
      const expected = [a150, a1, firstRows(a10, 4), a7, b100, b40]
      // The replay, then the interrupted step.
      expect(restarted.received.map((r) => r.tokens)).toEqual([150, 1, 4, 7, 100, 40, 1])
      expected.forEach((input, i) => {
        for (const key of TABLES)
          expect(bytes(restarted.received[i][key]), `chunk ${i} ${key}`).toEqual(bytes(input[key]))
      })
      // Hand counts: A's cut chunk has 4 rows over 151 cached + 4 keys, B's 40 rows over 140.
      expect(restarted.received[2].attnBias.byteLength).toBe(4 * 155 * 4)
      expect(restarted.received[5].attnBias.byteLength).toBe(40 * 140 * 4)
      // Past seqLength 128 the tables carry alpha 3 and logn; B's second chunk crosses it.
      expect(a150.lognScale[149]).toBeCloseTo(Math.log(150) / Math.log(128), 6)
      expect(b40.lognScale[27]).toBe(1)
      expect(b40.lognScale[39]).toBeCloseTo(Math.log(140) / Math.log(128), 6)
      expect(bytes(logits)).toEqual(bytes(expectedLogits))
    } finally {
      await runner.dispose()
      await reference.dispose()
    }
  }, 180_000)
})

describe('a restarted last stage', () => {
  it("keeps a 'top-k' step's logits fetchable when its process died before the fetch", async () => {
    const taps: Tap[] = []
    const whole = [spec(0, 4, cpu)]
    const openStage = (p: ModelPackage, s: StageSpec): Promise<DecoderStage> =>
      RecoveringStage.open(async () => {
        const tap = new Tap(await createStage(p, s, { threads: 1 }))
        taps.push(tap)
        return tap
      })
    const runner = await ModelRunner.load(pkg.dir, { stages: whole, openStage, threads: 1 })
    const reference = await ModelRunner.load(pkg.dir, { stages: whole, threads: 1 })
    try {
      const scores = await StageChain.of(runner).open(1).extendWith({ ids: TURN_ONE }, 'top-k')
      if (!('top' in scores)) throw new Error('the CPU stage answered top-k with full logits')
      taps[0].dieOnNextFullLogits = true
      const fetched = await scores.fullLogits()
      expect(taps.length).toBe(2)
      const expected = await StageChain.of(reference).open(1).extend({ ids: TURN_ONE })
      expect(bytes(fetched)).toEqual(bytes(expected))
    } finally {
      await runner.dispose()
      await reference.dispose()
    }
  }, 180_000)
})
