// Wrong, truncated or hostile files fail with a CheckpointError that names the file and the
// problem, instead of yielding zeros or executing anything.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CheckpointError } from '../../../main/inference/checkpoint/errors'
import { openCheckpoint } from '../../../main/inference/checkpoint/open-checkpoint'
import { readQwenConfig } from '../../../main/inference/checkpoint/qwen-config'
import { writePth } from '../../../main/inference/checkpoint/pth-writer'
import { HandPickle, handZip } from '../../helpers/hand-zip'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-ckpt-err-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function expectFailure(
  run: () => Promise<unknown>,
  code: string,
  ...fragments: string[]
): Promise<void> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(CheckpointError)
  const { code: actual, message } = error as CheckpointError
  expect(actual).toBe(code)
  for (const fragment of fragments) expect(message).toContain(fragment)
}

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, bytes)
  return path
}

/** A one-tensor bf16 state dict {"w": tensor of `numel` elements in storage "0"}. */
function oneTensorPickle(numel: number): Uint8Array {
  return new HandPickle()
    .raw(0x80, 2, 0x7d, 0x28)
    .str('w')
    .global('torch._utils', '_rebuild_tensor_v2')
    .raw(0x28, 0x28)
    .str('storage')
    .global('torch', 'BFloat16Storage')
    .str('0')
    .str('cpu')
    .raw(0x4b, numel, 0x74, 0x51, 0x4b, 0, 0x4b, numel, 0x85, 0x4b, 1, 0x85, 0x89, 0x4e, 0x74, 0x52)
    .raw(0x75, 0x2e)
    .bytes()
}

describe('pth failures', () => {
  test('a truncated .pth names the file and says truncated', async () => {
    const whole = join(dir, 'whole.pth')
    await writePth(whole, [
      { name: 'w', dtype: 'float32', shape: [64], chunks: () => [new Float32Array(64)] }
    ])
    const bytes = await readFile(whole)
    const path = await file('cut.pth', bytes.subarray(0, Math.floor(bytes.length * 0.6)))
    await expectFailure(() => openCheckpoint(path), 'TRUNCATED', 'cut.pth', 'truncated')
  })

  test('a data entry shorter than its tensor is reported with both names', async () => {
    const zip = handZip([
      ['short/data.pkl', oneTensorPickle(3)],
      ['short/data/0', new Uint8Array(4)],
      ['short/version', Buffer.from('3\n')]
    ])
    const path = await file('short.pth', zip)
    await expectFailure(
      () => openCheckpoint(path),
      'TRUNCATED',
      'short.pth',
      'short/data/0',
      'tensor w'
    )
  })

  test('an unknown pickle global is refused, naming it', async () => {
    const pickle = new HandPickle()
      .raw(0x80, 2)
      .global('os', 'system')
      .str('echo hi')
      .raw(0x85, 0x52, 0x2e)
      .bytes()
    const path = await file('evil.pth', handZip([['evil/data.pkl', pickle]]))
    await expectFailure(() => openCheckpoint(path), 'UNKNOWN_GLOBAL', 'evil.pth', 'os.system')
  })

  test('a data.pkl that is not a pickle is a bad-pickle error', async () => {
    const path = await file(
      'garbage.pth',
      handZip([['g/data.pkl', Buffer.from('not a pickle at all')]])
    )
    await expectFailure(() => openCheckpoint(path), 'BAD_PICKLE', 'garbage.pth')
  })

  test('a zip without data.pkl is not a PyTorch checkpoint', async () => {
    const path = await file('plain.zip', handZip([['readme.txt', Buffer.from('hello')]]))
    await expectFailure(() => openCheckpoint(path), 'UNRECOGNIZED_FORMAT', 'plain.zip', 'data.pkl')
  })

  test('a text file is neither format', async () => {
    const path = await file('notes.bin', 'just some text, long enough')
    await expectFailure(() => openCheckpoint(path), 'UNRECOGNIZED_FORMAT', 'notes.bin')
  })

  test('asking for a missing tensor names it', async () => {
    const zip = handZip([
      ['ok/data.pkl', oneTensorPickle(2)],
      ['ok/data/0', new Uint8Array(4)]
    ])
    const reader = await openCheckpoint(await file('ok.pth', zip))
    try {
      expect(() => reader.info('nope')).toThrow(/ok\.pth has no tensor named nope/)
    } finally {
      await reader.close()
    }
  })
})

function safetensorsBytes(
  header: object | string,
  dataLength: number,
  claimedLength?: number
): Uint8Array {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header))
  const prefix = Buffer.alloc(8)
  prefix.writeBigUInt64LE(BigInt(claimedLength ?? json.length))
  return Buffer.concat([prefix, json, Buffer.alloc(dataLength)])
}

describe('safetensors failures', () => {
  test('a header length overrunning the file', async () => {
    const path = await file('over.safetensors', safetensorsBytes({}, 0, 5000))
    await expectFailure(() => openCheckpoint(path), 'TRUNCATED', 'over.safetensors', 'overruns')
  })

  test('tensor data past the end of the file', async () => {
    const header = { w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }
    const path = await file('short.safetensors', safetensorsBytes(header, 8))
    await expectFailure(() => openCheckpoint(path), 'TRUNCATED', 'short.safetensors', 'tensor w')
  })

  test('a header that is not JSON', async () => {
    const path = await file('junk.safetensors', safetensorsBytes('{nope', 0))
    await expectFailure(() => openCheckpoint(path), 'BAD_HEADER', 'junk.safetensors')
  })

  test('offsets that disagree with the shape', async () => {
    const header = { w: { dtype: 'BF16', shape: [4], data_offsets: [0, 6] } }
    const path = await file('odd.safetensors', safetensorsBytes(header, 8))
    await expectFailure(() => openCheckpoint(path), 'BAD_HEADER', 'odd.safetensors', 'tensor w')
  })

  test('an index that places a tensor in a shard lacking it', async () => {
    const sub = join(dir, 'sharded')
    await mkdir(sub)
    const header = { a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }
    await writeFile(join(sub, 'model-00001-of-00001.safetensors'), safetensorsBytes(header, 4))
    const index = {
      weight_map: { a: 'model-00001-of-00001.safetensors', b: 'model-00001-of-00001.safetensors' }
    }
    await writeFile(join(sub, 'model.safetensors.index.json'), JSON.stringify(index))
    await expectFailure(() => openCheckpoint(sub), 'BAD_INDEX', 'model.safetensors.index.json', 'b')
  })
})

describe('Qwen config failures', () => {
  test('a config without seq_length is rejected, naming the key', async () => {
    const path = await file(
      'config.json',
      JSON.stringify({
        hidden_size: 64,
        num_hidden_layers: 1,
        num_attention_heads: 4,
        intermediate_size: 176,
        vocab_size: 10,
        layer_norm_epsilon: 1e-6
      })
    )
    await expectFailure(() => readQwenConfig(path), 'BAD_CONFIG', 'config.json', 'seq_length')
  })
})
