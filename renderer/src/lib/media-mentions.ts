// Finds where an answer refers to one of the conversation's images or videos: by label
// ("image B", "images A and C", "图B"), by number ("Image 2", "图片2") or by order ("the second
// image", "第二张图片"). The model sees the media in label order, so the k-th is label k.
import { labelFor } from '../../../preload/contract/labels'

export interface MediaMention {
  /** UTF-16 offsets of the text to link. */
  start: number
  end: number
  label: string
}

// Latin letters and digits only: Chinese text runs straight on from a label ("图A比图B亮").
const NOT_WORD_BEFORE = String.raw`(?<![A-Za-z0-9])`
const NOT_WORD_AFTER = String.raw`(?![A-Za-z0-9])`
const ENGLISH_NOUN = String.raw`(?:[Ii]mages?|[Pp]ictures?|[Pp]hotos?|[Vv]ideos?)`
const CHINESE_NOUN = String.raw`(?:图片|图像|照片|视频|图)`
const LABEL = String.raw`[A-Z]{1,2}`
// Between the labels of a list: "A, B and C", "A or B", "A vs B", "A、B 和 C".
const LIST_GLUE = String.raw`(?:\s*[,，、]\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|vs\.?|versus)\s+|\s*[和与及]\s*)`
const LABEL_LIST = `${LABEL}${NOT_WORD_AFTER}(?:${LIST_GLUE}${LABEL}${NOT_WORD_AFTER})*`

const BY_LABEL = new RegExp(
  `${NOT_WORD_BEFORE}${ENGLISH_NOUN}\\s+(${LABEL_LIST})|${CHINESE_NOUN}\\s*(${LABEL_LIST})`,
  'gu'
)
const BY_NUMBER = new RegExp(
  `${NOT_WORD_BEFORE}(?:${ENGLISH_NOUN}\\s+#?|${CHINESE_NOUN}\\s*)(\\d{1,2})${NOT_WORD_AFTER}`,
  'gu'
)
const ENGLISH_ORDINALS = [
  'first',
  'second',
  'third',
  'fourth',
  'fifth',
  'sixth',
  'seventh',
  'eighth',
  'ninth',
  'tenth'
]
const BY_ENGLISH_ORDER = new RegExp(
  `${NOT_WORD_BEFORE}(?:[Tt]he\\s+)?(${ENGLISH_ORDINALS.join('|')}|\\d{1,2}(?:st|nd|rd|th))\\s+${ENGLISH_NOUN}${NOT_WORD_AFTER}`,
  'gu'
)
const CHINESE_DIGITS = '一二三四五六七八九十'
const BY_CHINESE_ORDER = new RegExp(
  `第([${CHINESE_DIGITS}]|\\d{1,2})[张幅个段]?${CHINESE_NOUN}`,
  'gu'
)

function ordinalPosition(word: string): number {
  const english = ENGLISH_ORDINALS.indexOf(word.toLowerCase())
  if (english >= 0) return english + 1
  const chinese = CHINESE_DIGITS.indexOf(word)
  if (chinese >= 0) return chinese + 1
  return Number.parseInt(word, 10)
}

/** Mentions in `text` of labels in `labels`, in order and without overlaps. */
export function findMediaMentions(text: string, labels: ReadonlySet<string>): MediaMention[] {
  const found: MediaMention[] = []
  const byPosition = (position: number): string | undefined => {
    const label = position >= 1 ? labelFor(position - 1) : ''
    return labels.has(label) ? label : undefined
  }
  for (const match of text.matchAll(BY_LABEL)) {
    const list = match[1] ?? match[2]
    const listStart = match.index + match[0].length - list.length
    const items = [...list.matchAll(/[A-Z]{1,2}/g)].filter((item) => labels.has(item[0]))
    if (items.length === 1 && items[0][0] === list) {
      // A single reference links the whole phrase, "image B", which is easier to hit.
      found.push({ start: match.index, end: match.index + match[0].length, label: list })
      continue
    }
    for (const item of items) {
      const start = listStart + item.index
      found.push({ start, end: start + item[0].length, label: item[0] })
    }
  }
  for (const pattern of [BY_NUMBER, BY_ENGLISH_ORDER, BY_CHINESE_ORDER]) {
    for (const match of text.matchAll(pattern)) {
      const label = byPosition(ordinalPosition(match[1]))
      if (label) found.push({ start: match.index, end: match.index + match[0].length, label })
    }
  }
  found.sort((a, b) => a.start - b.start)
  const kept: MediaMention[] = []
  for (const mention of found) {
    if (mention.start >= (kept.at(-1)?.end ?? 0)) kept.push(mention)
  }
  return kept
}
