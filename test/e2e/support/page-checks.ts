// Page checks the newcomer tests share: a stored answer rewritten on disk (random weights never
// write the text a check needs), and scripts run in the page that find boxes sticking out
// sideways, text below WCAG AA contrast, and the text a user reads (for the translation check
// against the English catalogue).
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { en } from '../../../renderer/src/i18n/en'

/** Rewrites the stored answer of the conversation whose last question is `query` (random weights
 * never write such text), with one earlier answer kept for the side-by-side view. */
export async function storeAnswer(dataDir: string, query: string, response: string): Promise<void> {
  const folder = join(dataDir, 'conversations')
  for (const name of await readdir(folder)) {
    const path = join(folder, name)
    const stored = JSON.parse(await readFile(path, 'utf8')) as {
      turns: Array<Record<string, unknown>>
    }
    const last = stored.turns.at(-1)
    if (last?.query !== query) continue
    last.response = response
    last.alternatives = [{ response: `Earlier: ${response}`, stats: null, status: 'done' }]
    await writeFile(path, JSON.stringify(stored))
  }
}

/** Boxes whose content sticks out sideways (should be none), as "selector: scroll > client". */
export const OVERFLOWING_SCRIPT = `(() => {
  const out = []
  const check = (selector) => {
    for (const el of document.querySelectorAll(selector)) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(selector + ': ' + el.scrollWidth + ' > ' + el.clientWidth)
    }
  }
  for (const s of ['.turns', '.bubble', '.answer-column', '.side-panel', '.composer', '.main', '.top-bar', '.notices']) check(s)
  if (document.documentElement.scrollWidth > innerWidth) out.push('page: ' + document.documentElement.scrollWidth)
  // Scrolling code blocks and tables are fine, as long as their box stays inside the bubble.
  for (const el of document.querySelectorAll('.markdown pre, .markdown table')) {
    const box = el.getBoundingClientRect()
    const bubble = el.closest('.bubble, .answer-column, .side-panel').getBoundingClientRect()
    if (box.right > bubble.right + 1) out.push('code or table past its bubble: ' + box.right + ' > ' + bubble.right)
  }
  return out
})()`

/** Every catalogue text, by its dotted key. */
export function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value)
    else for (const entry of flatten(value as object, `${prefix}${key}.`)) out.set(...entry)
  }
  return out
}

/** Names that are not translated: the app's name and the sampling parameters' own names. */
const SAME_IN_EVERY_LANGUAGE = new Set(['app.title', 'settings.topK', 'settings.topP'])

/** The English catalogue's wording: the literal parts between placeholders, long enough to be
 * words (so "×" or ": " never count). */
export function englishPhrases(): string[] {
  const phrases = new Set<string>()
  for (const [key, text] of flatten(en)) {
    if (SAME_IN_EVERY_LANGUAGE.has(key)) continue
    for (const part of text.split(/\{\{\w+\}\}/)) {
      const words = part.trim()
      if (/[A-Za-z]{3,}/.test(words)) phrases.add(words)
    }
  }
  return [...phrases]
}

// Runs in the page: the text a user reads (text, and names given by aria-label, title,
// placeholder, alt), leaving out what the user or the model wrote (questions, answers, titles
// from questions, file names).
export const READ_TEXT_SCRIPT = `(() => {
  const userContent = '.query, .markdown, .conversation-title, .title, .chip-name, figcaption, textarea, input, option'
  const out = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  while (walker.nextNode()) {
    const node = walker.currentNode
    if (node.parentElement.closest(userContent) || !node.textContent.trim()) continue
    out.push(node.textContent.trim())
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
    if (el.closest('.query, .markdown')) continue
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(name)
      if (value) out.push(value)
    }
  }
  return out
})()`

// Runs in the page (spliced into the scripts below): colours as computed styles give them, the
// background behind an element (semi-transparent layers composited) and the WCAG 2.x contrast
// ratio from relative luminance.
const COLOUR_HELPERS = `
  const parse = (value) => {
    let m = /^rgba?\\(([\\d.]+),? ([\\d.]+),? ([\\d.]+)(?:,? \\/? ?([\\d.]+))?\\)$/.exec(value)
    if (m) return [+m[1] / 255, +m[2] / 255, +m[3] / 255, m[4] === undefined ? 1 : +m[4]]
    m = /^color\\(srgb ([\\d.e-]+) ([\\d.e-]+) ([\\d.e-]+)(?: \\/ ([\\d.]+))?\\)$/.exec(value)
    if (m) return [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]]
    throw new Error('unparsed colour ' + value)
  }
  const over = (top, bottom) => {
    const a = top[3]
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat(1)
  }
  const background = (el) => {
    const layers = []
    for (let node = el; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor)
      if (colour[3] > 0) layers.push(colour)
      if (colour[3] === 1) break
    }
    let result = [1, 1, 1, 1]
    for (const layer of layers.reverse()) result = over(layer, result)
    return result
  }
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
  }
  const contrast = (front, back) => {
    const [hi, lo] = [luminance(front), luminance(back)].sort((a, b) => b - a)
    return (hi + 0.05) / (lo + 0.05)
  }
`

// Runs in the page: every visible, enabled element with its own text, whose text colour against
// the background behind it falls below AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
export const LOW_CONTRAST_SCRIPT = `(() => {${COLOUR_HELPERS}
  const out = []
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
    if (!own || el.closest('[disabled], [aria-hidden=true], .sr-only, .tool-label:not(.toolbar.open *)')) continue
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue
    const style = getComputedStyle(el)
    const back = background(el)
    const text = over(parse(style.color), back)
    const ratio = contrast(text, back)
    const size = parseFloat(style.fontSize)
    const large = size >= 24 || (size >= 18.66 && +style.fontWeight >= 700)
    if (ratio < (large ? 3 : 4.5)) out.push(ratio.toFixed(2) + ' ' + el.tagName + '.' + el.className + ': ' + el.textContent.trim().slice(0, 40))
  }
  return out
})()`

// Runs in the page: every visible, enabled icon button of the top bar whose icon (drawn in the
// button's text colour) stands out from the background behind it by less than 3:1, the WCAG
// minimum for graphics that carry meaning (1.4.11).
export const LOW_CONTRAST_ICONS_SCRIPT = `(() => {${COLOUR_HELPERS}
  const out = []
  for (const el of document.querySelectorAll('button.tool')) {
    if (!el.querySelector('svg') || el.disabled || !el.getClientRects().length) continue
    const style = getComputedStyle(el)
    if (style.visibility === 'hidden') continue
    const back = background(el)
    const ratio = contrast(over(parse(style.color), back), back)
    if (ratio < 3) out.push(ratio.toFixed(2) + ' ' + (el.getAttribute('aria-label') ?? el.textContent.trim()))
  }
  return out
})()`
