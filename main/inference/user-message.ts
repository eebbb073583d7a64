// What a person is shown of an error, in the CLI and the UI: its first line only (never a stack
// trace), ONNX Runtime's own wording turned into a sentence, and file names in place of full paths
// (the app's data folder and the model host's files are nobody's business on screen).
const WINDOWS_PATH = /\b[A-Za-z]:\\(?:[^\\\s'"<>|:*?]+\\)*([^\\\s'"<>|:*?]+)/g
const POSIX_PATH = /(?<![\w.:/])\/(?:[^/\s'"`<>|():,]+\/)+([^/\s'"`<>|():,]+)/g
const ORT_LOAD = /Load model from (\S+) failed:\s*/
const ORT_PREFIX = /\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*\w+\s*:\s*/g
const MAX_LENGTH = 400

/** Full paths replaced by their last part: `/home/me/.local/x/ab.png` reads `ab.png`. */
export function withoutPaths(text: string): string {
  return text.replace(WINDOWS_PATH, '$1').replace(POSIX_PATH, '$1')
}

export function cleanMessage(text: string): string {
  const firstLine =
    text
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0 && !line.startsWith('at ')) ?? ''
  const sentence = firstLine
    .replace(/^(?:\w*Error|Error):\s*/, '')
    .replace(ORT_LOAD, 'ONNX Runtime could not load $1: ')
    .replace(ORT_PREFIX, 'ONNX Runtime: ')
  const short = withoutPaths(sentence)
  return short.length > MAX_LENGTH ? `${short.slice(0, MAX_LENGTH - 1)}…` : short
}

/** The message of any thrown value, cleaned for a person to read. */
export function userMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return cleanMessage(text) || 'an unknown error'
}
