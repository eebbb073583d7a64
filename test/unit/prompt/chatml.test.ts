// ChatML prompt ids against MODEL-SPEC §7.3's vectors, the seed's whole-string tokenisation,
// plain-text handling of typed special strings, media wrappers and conversation checks.
import { describe, expect, it } from 'vitest'
import { DEFAULT_SYSTEM_PROMPT } from '../../../main/inference/engine-api'
import { PromptError, buildChatPrompt, type PromptTurn } from '../../../main/inference/prompt'
import { QwenTokenizer, defaultVocabPath } from '../../../main/inference/tokenizer'

const tokenizer = QwenTokenizer.fromFile(defaultVocabPath())
const SLOTS = new Array<number>(32).fill(151646)

// MODEL-SPEC §7.3, verified there with the real vocab.
const FIRST_TURN = [
  151644,
  8948,
  198,
  2610,
  525,
  264,
  10950,
  17847,
  13,
  151645,
  198,
  151644,
  872,
  198,
  27,
  13033,
  29,
  ...SLOTS,
  522,
  13033,
  29,
  74785,
  419,
  2168,
  13,
  151645,
  198,
  151644,
  77091,
  198
]
const SECOND_TURN_TAIL = [
  32, 8251, 13, 151645, 198, 151644, 872, 198, 3838, 1894, 30, 151645, 198, 151644, 77091, 198
]

function prompt(
  turns: PromptTurn[],
  system = DEFAULT_SYSTEM_PROMPT
): ReturnType<typeof buildChatPrompt> {
  return buildChatPrompt(tokenizer, { system, turns })
}

/** The seed: expand each `<ImageHere>` to 32 `<|extra_0|>`, tokenise the whole text, specials on. */
function seedIds(rawText: string): number[] {
  const expanded = rawText.replaceAll('<ImageHere>', '<|extra_0|>'.repeat(32))
  return tokenizer.encode(expanded, { allowSpecial: true })
}

const image = { kind: 'image' } as const

describe('MODEL-SPEC §7.3 vectors', () => {
  it('first turn with one image: 61 ids', () => {
    const result = prompt([{ query: 'Describe this image.', media: [image] }])
    expect(result.ids).toEqual(FIRST_TURN)
    expect(result.ids).toHaveLength(61)
    expect(result.imageSlots).toBe(32)
    expect(result.text).toBe(
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n' +
        '<Img><ImageHere></Img>Describe this image.<|im_end|>\n<|im_start|>assistant\n'
    )
  })

  it('second turn after "A cat.": 77 ids, the image kept in the first query', () => {
    const result = prompt([
      { query: 'Describe this image.', media: [image], response: 'A cat.' },
      { query: 'What color?', media: [] }
    ])
    expect(result.ids).toEqual([...FIRST_TURN, ...SECOND_TURN_TAIL])
    expect(result.ids).toHaveLength(77)
    expect(result.imageSlots).toBe(32)
    expect(result.keptTurns).toEqual([0, 1])
  })
})

describe('segment ids equal the seed whole-string tokenisation', () => {
  const conversations: [string, PromptTurn[], string?][] = [
    ['§7.3 first turn', [{ query: 'Describe this image.', media: [image] }]],
    [
      '§7.3 second turn',
      [
        { query: 'Describe this image.', media: [image], response: 'A cat.' },
        { query: 'What color?', media: [] }
      ]
    ],
    ['two images', [{ query: '这两张图片有什么不同？', media: [image, image] }]],
    ['a 3-frame video', [{ query: 'What happens?', media: [{ kind: 'video', frames: 3 }] }]],
    ['no media, Chinese system', [{ query: '你好', media: [] }], '你是一个乐于助人的助手。'],
    [
      'multi-turn with emoji, CRLF and spaces',
      [
        { query: 'emoji 😀👍🏽', media: [image], response: ' 12345\r\nok  ' },
        { query: '  tabs\tand\tspaces  ', media: [], response: '\n\nline' },
        { query: 'end\n', media: [] }
      ]
    ]
  ]
  it.each(conversations)('%s', (_name, turns, system) => {
    const result = prompt(turns, system)
    expect(result.ids).toEqual(seedIds(result.text))
  })
})

describe('media', () => {
  it('wraps each image in its own <Img>…</Img>, no space before the query', () => {
    const result = prompt([{ query: 'Compare.', media: [image, image] }])
    expect(result.text).toContain(
      'user\n<Img><ImageHere></Img><Img><ImageHere></Img>Compare.<|im_end|>'
    )
    expect(result.imageSlots).toBe(64)
    expect(result.ids.filter((id) => id === 151646)).toHaveLength(64)
  })

  it('wraps all frames of a video in one <Img>…</Img>', () => {
    const result = prompt([{ query: 'Q', media: [{ kind: 'video', frames: 3 }] }])
    const start = result.ids.indexOf(151646)
    expect(result.ids.slice(start - 3, start)).toEqual([27, 13033, 29])
    expect(result.ids.slice(start, start + 96)).toEqual(new Array<number>(96).fill(151646))
    expect(result.ids.slice(start + 96, start + 99)).toEqual([522, 13033, 29])
    expect(result.imageSlots).toBe(96)
  })

  it('gives a video without a frame count 32 frames', () => {
    expect(prompt([{ query: 'Q', media: [{ kind: 'video' }] }]).imageSlots).toBe(1024)
  })

  it('rejects a video with no frames', () => {
    expect(() => prompt([{ query: 'Q', media: [{ kind: 'video', frames: 0 }] }])).toThrow(
      PromptError
    )
  })
})

describe('user text is plain text', () => {
  it('keeps typed special strings and <ImageHere> out of the control and slot ids', () => {
    const typed = 'a<|im_end|>b<|extra_0|>c<ImageHere>d<|im_start|>'
    const result = prompt([
      { query: typed, media: [], response: typed },
      { query: typed, media: [image] }
    ])
    const count = (id: number): number => result.ids.filter((value) => value === id).length
    expect(result.imageSlots).toBe(32)
    expect(count(151646)).toBe(32)
    expect(count(151645)).toBe(4)
    expect(count(151644)).toBe(5)
    const plainTyped = tokenizer.encode(typed, { allowSpecial: false })
    expect(plainTyped).not.toContain(151645)
    const queryStart = result.ids.indexOf(872) + 2
    expect(result.ids.slice(queryStart, queryStart + plainTyped.length)).toEqual(plainTyped)
  })
})

describe('conversation checks', () => {
  it.each([
    ['no turns', []],
    ['a response on the last turn', [{ query: 'q', media: [], response: 'r' }]],
    [
      'an earlier turn without a response',
      [
        { query: 'q', media: [] },
        { query: 'q', media: [] }
      ]
    ]
  ])('rejects %s', (_name, turns: PromptTurn[]) => {
    expect(() => prompt(turns)).toThrow(expect.objectContaining({ code: 'INVALID_CONVERSATION' }))
  })
})
