// Streaming detokenizer against Python's incremental UTF-8 decoder (errors="replace") fed the same
// token bytes (test/fixtures/tokenizer/qwen-vectors.json), and Python's str.strip().
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  StreamingDetokenizer,
  stripPythonWhitespace
} from '../../../main/inference/generation/detokenizer'
import { QwenTokenizer, TokenizerError, defaultVocabPath } from '../../../main/inference/tokenizer'

const tokenizer = QwenTokenizer.fromFile(defaultVocabPath())
const vectors = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/tokenizer/qwen-vectors.json'), 'utf8')
) as { streamCases: { name: string; ids: number[]; deltas: string[] }[] }

describe('StreamingDetokenizer', () => {
  it.each(vectors.streamCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const detokenizer = new StreamingDetokenizer(tokenizer)
    const deltas = [...c.ids.map((id) => detokenizer.push(id)), detokenizer.flush()]
    expect(deltas).toEqual(c.deltas)
    expect(deltas.join('')).toBe(tokenizer.decode(c.ids))
  })

  it('holds every byte of a split emoji until it is complete', () => {
    // 172, 253, 246, 222 are the single-byte tokens F0 9F 98 80 (Python: "emoji split into bytes").
    const detokenizer = new StreamingDetokenizer(tokenizer)
    expect([172, 253, 246, 222].map((id) => detokenizer.push(id))).toEqual(['', '', '', '😀'])
  })

  it('is ready for a new stream after flush', () => {
    const detokenizer = new StreamingDetokenizer(tokenizer)
    detokenizer.push(172)
    expect(detokenizer.flush()).toBe('\ufffd')
    expect(detokenizer.push(64)).toBe('a')
  })

  it('rejects padding ids with the tokenizer error', () => {
    expect(() => new StreamingDetokenizer(tokenizer).push(151851)).toThrow(TokenizerError)
  })
})

describe('stripPythonWhitespace', () => {
  it('strips what Python str.strip() strips, not what JS trim() strips', () => {
    expect(stripPythonWhitespace(' \t\n\r\v\f\x1c\x1f\x85\u3000A cat.\u2028 \n')).toBe('A cat.')
    expect(stripPythonWhitespace('\ufeffx\ufeff')).toBe('\ufeffx\ufeff')
    expect(stripPythonWhitespace('   ')).toBe('')
  })
})
