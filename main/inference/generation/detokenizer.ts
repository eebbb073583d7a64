// Turns generated ids into text deltas as they arrive. Bytes of a character split across tokens
// are held until it completes; invalid bytes become U+FFFD, so the deltas joined equal Python's
// bytes.decode("utf-8", errors="replace") of all the bytes (a byte order mark is kept, as there).

export interface TokenByteSource {
  tokenBytes(id: number): Uint8Array
}

export class StreamingDetokenizer {
  private decoder = new TextDecoder('utf-8', { ignoreBOM: true })

  constructor(private readonly source: TokenByteSource) {}

  /** The text completed by `id` (may be '' while a character is still incomplete). */
  push(id: number): string {
    return this.decoder.decode(this.source.tokenBytes(id), { stream: true })
  }

  /** Ends the stream: held bytes of an unfinished character become U+FFFD. Ready for reuse. */
  flush(): string {
    return this.decoder.decode()
  }
}

// Python's str.isspace() set, which str.strip() removes (differs from JS trim: \x1c-\x1f and
// \x85 count, U+FEFF does not).
const PYTHON_SPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001,
  0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f,
  0x205f, 0x3000
])

export function isPythonSpace(code: number): boolean {
  return PYTHON_SPACE.has(code)
}

/** Python's str.strip(): the seed strips the decoded answer this way (MODEL-SPEC §8.2). */
export function stripPythonWhitespace(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && PYTHON_SPACE.has(text.charCodeAt(start))) start += 1
  while (end > start && PYTHON_SPACE.has(text.charCodeAt(end - 1))) end -= 1
  return text.slice(start, end)
}
