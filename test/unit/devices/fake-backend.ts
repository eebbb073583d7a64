// A backend that exists only in tests: one numbered device with fixed memory, run by ONNX
// Runtime's CPU provider underneath so its probe can really create and run a session.
import type { Backend } from '../../../main/inference/devices/backends/backend'

export const FAKE_TOTAL_BYTES = 4 * 1024 ** 3
export const FAKE_FREE_BYTES = 3 * 1024 ** 3

export const fakeBackend: Backend = {
  kind: 'fake',
  indexed: true,
  stageKind: 'hostkv',
  probed: true,
  defaultRank: { single: 9, several: 9 },
  unavailableReason: () => null,
  discover: () =>
    Promise.resolve([
      {
        index: 0,
        name: 'Fake accelerator',
        totalBytes: FAKE_TOTAL_BYTES,
        freeBytes: FAKE_FREE_BYTES,
        memorySource: 'unknown'
      }
    ]),
  sessionOptions: () => ({ executionProviders: ['cpu'], intraOpNumThreads: 1 })
}
