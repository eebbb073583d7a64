// A cheap linear pre-scan of JSON text from outside (an imported conversation.json) before it is
// parsed: nesting depth and the number of objects and arrays are bounded, so that neither
// JSON.parse nor the schema check can be made to run for seconds or hold gigabytes. A real
// conversation nests about 7 deep and holds a few objects per turn.
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const QUOTE = 0x22
const BACKSLASH = 0x5c

export interface JsonBounds {
  readonly maxDepth: number
  readonly maxContainers: number
}

/** Limits for a conversation file: far above any conversation, far below a costly parse. */
export const CONVERSATION_JSON_BOUNDS: JsonBounds = { maxDepth: 32, maxContainers: 200_000 }

/** Why `text` is outside `bounds`, or null when it is within them (its syntax is not checked). */
export function jsonBoundsProblem(text: string, bounds: JsonBounds): string | null {
  let depth = 0
  let containers = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (inString) {
      if (code === BACKSLASH) i++
      else if (code === QUOTE) inString = false
      continue
    }
    if (code === QUOTE) inString = true
    else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth++
      containers++
      if (depth > bounds.maxDepth) return `it is nested deeper than ${bounds.maxDepth} levels`
      if (containers > bounds.maxContainers) {
        return `it holds more than ${bounds.maxContainers} objects and arrays`
      }
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) depth--
  }
  return null
}
