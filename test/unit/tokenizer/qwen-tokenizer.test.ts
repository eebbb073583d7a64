// Qwen tokenizer against ids produced by Python tiktoken (shared fixture + our generated vectors),
// Python errors="replace" decoding, id validation and vocabulary loading failures.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { QwenTokenizer, TokenizerError, defaultVocabPath } from '../../../main/inference/tokenizer'

const repoRoot = resolve(import.meta.dirname, '../../..')
const sharedVocab = resolve(repoRoot, '../shared/fixtures/qwen.tiktoken')

interface EncodeCase {
  text: string
  ids: number[]
  ids_no_special: number[]
}
interface VectorFile {
  cases: EncodeCase[]
  decodeCases?: { name: string; ids: number[]; text: string }[]
}

function readVectors(path: string): VectorFile {
  return JSON.parse(readFileSync(path, 'utf8')) as VectorFile
}

const shared = readVectors(resolve(repoRoot, '../shared/fixtures/tokenizer-vectors.json'))
const ours = readVectors(resolve(repoRoot, 'test/fixtures/tokenizer/qwen-vectors.json'))
const tokenizer = QwenTokenizer.fromFile(defaultVocabPath())

describe.each([
  ['shared tokenizer-vectors.json', shared.cases],
  ['test/fixtures qwen-vectors.json', ours.cases]
])('encode matches Python tiktoken: %s', (_name, cases) => {
  it.each(cases.map((c) => [JSON.stringify(c.text), c] as const))('%s', (_label, c) => {
    expect(tokenizer.encode(c.text, { allowSpecial: true })).toEqual(c.ids)
    expect(tokenizer.encode(c.text, { allowSpecial: false })).toEqual(c.ids_no_special)
  })
})

describe('decode', () => {
  it.each((ours.decodeCases ?? []).map((c) => [c.name, c] as const))(
    'matches Python errors="replace": %s',
    (_name, c) => {
      expect(tokenizer.decode(c.ids)).toBe(c.text)
    }
  )

  it('round-trips every shared vector to its NFC text', () => {
    for (const c of [...shared.cases, ...ours.cases]) {
      expect(tokenizer.decode(c.ids)).toBe(c.text.normalize('NFC'))
    }
  })

  it('returns the raw bytes of the ids', () => {
    expect(Array.from(tokenizer.decodeBytes([27, 13033, 29]))).toEqual(
      Array.from(Buffer.from('<Img>'))
    )
    expect(Array.from(tokenizer.tokenBytes(151645))).toEqual(Array.from(Buffer.from('<|im_end|>')))
  })

  it.each([151851, 151935, -1, 1.5, Number.NaN])('rejects id %s with a typed error', (id) => {
    const attempt = (): string => tokenizer.decode([198, id])
    expect(attempt).toThrow(TokenizerError)
    expect(attempt).toThrow(/not in the Qwen vocabulary/)
    // A rejected id must leave the WASM encoder usable.
    expect(tokenizer.decode([151850])).toBe('<|extra_204|>')
  })
})

describe('specials', () => {
  it('exposes the named ids of MODEL-SPEC §6', () => {
    expect(tokenizer.specialIds).toEqual({
      endOfText: 151643,
      imStart: 151644,
      imEnd: 151645,
      imageSlot: 151646
    })
    expect(tokenizer.vocabSize).toBe(151851)
  })

  it('maps the last special, <|extra_204|>, to 151850 only when specials are allowed', () => {
    expect(tokenizer.encode('<|extra_204|>', { allowSpecial: true })).toEqual([151850])
    expect(tokenizer.encode('<|extra_204|>', { allowSpecial: false })).not.toContain(151850)
  })
})

describe('loading', () => {
  it('caches one instance per resolved path', () => {
    expect(QwenTokenizer.fromFile(defaultVocabPath())).toBe(tokenizer)
  })

  it('ships a byte-identical copy of the shared vocabulary', () => {
    expect(readFileSync(defaultVocabPath()).equals(readFileSync(sharedVocab))).toBe(true)
  })

  it('reports a missing file as vocab-not-found', () => {
    const missing = join(tmpdir(), 'no-such-dir-mpp', 'qwen.tiktoken')
    expect(() => QwenTokenizer.fromFile(missing)).toThrow(
      expect.objectContaining({ code: 'VOCAB_NOT_FOUND' })
    )
  })

  it.each([
    ['a truncated file', 'IQ== 0\nIg== 1\n'],
    ['a file with a bad line', 'IQ== 0\nnot a rank line\n'],
    ['ranks out of order', 'IQ== 1\n']
  ])('reports %s as vocab-invalid', (_name, content) => {
    const path = join(mkdtempSync(join(tmpdir(), 'mpp-vocab-')), 'qwen.tiktoken')
    writeFileSync(path, content)
    expect(() => QwenTokenizer.fromFile(path)).toThrow(
      expect.objectContaining({ code: 'VOCAB_INVALID' })
    )
  })
})
