// The answer's text as the API sends it, built from the engine's deltas as they stream: cut at
// the first stop sequence (held back while a delta could be the start of one), and stripped of
// Python whitespace at both ends as the engine's final text is (MODEL-SPEC §8.2), so streamed
// pieces joined equal the non-streamed content.
import { isPythonSpace } from '../inference/generation/detokenizer'

export class AnswerText {
  private held = ''
  private started = false
  private trailingSpace = ''
  private full = ''
  /** A stop sequence was found; later deltas are dropped. */
  stopped = false

  constructor(private readonly stops: readonly string[]) {}

  /** The text all pushes have given so far. */
  get text(): string {
    return this.full
  }

  /** Text that may be sent now for `delta`. */
  push(delta: string): string {
    if (this.stopped) return ''
    const text = this.held + delta
    let cut = -1
    for (const stop of this.stops) {
      const at = text.indexOf(stop)
      if (at >= 0 && (cut < 0 || at < cut)) cut = at
    }
    if (cut >= 0) {
      this.stopped = true
      this.held = ''
      return this.strip(text.slice(0, cut))
    }
    const keep = this.possibleStopStart(text)
    this.held = text.slice(text.length - keep)
    return this.strip(text.slice(0, text.length - keep))
  }

  /** The end of the answer: text held for a stop sequence that never came. */
  flush(): string {
    const rest = this.stopped ? '' : this.held
    this.held = ''
    return this.strip(rest)
  }

  /** Length of the longest end of `text` that begins some stop sequence. */
  private possibleStopStart(text: string): number {
    let longest = 0
    for (const stop of this.stops) {
      for (let n = Math.min(stop.length - 1, text.length); n > longest; n--) {
        if (text.endsWith(stop.slice(0, n))) {
          longest = n
          break
        }
      }
    }
    return longest
  }

  private strip(piece: string): string {
    let text = piece
    if (!this.started) {
      let start = 0
      while (start < text.length && isPythonSpace(text.charCodeAt(start))) start++
      text = text.slice(start)
      if (text === '') return ''
      this.started = true
    }
    let end = text.length
    while (end > 0 && isPythonSpace(text.charCodeAt(end - 1))) end--
    if (end === 0) {
      this.trailingSpace += text
      return ''
    }
    const out = this.trailingSpace + text.slice(0, end)
    this.trailingSpace = text.slice(end)
    this.full += out
    return out
  }
}
