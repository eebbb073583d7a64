// Parsing of the `:command` lines `mpp chat` accepts (the seed's cli_demo.py set plus :add).
// Pure: the REPL decides what each command does.

export type ChatCommand =
  | { kind: 'help' }
  | { kind: 'exit' }
  | { kind: 'clear-screen' }
  | { kind: 'clear-history' }
  | { kind: 'history' }
  | { kind: 'media' }
  | { kind: 'seed'; value: string | null }
  | { kind: 'conf'; assignments: string[] }
  | { kind: 'reset-conf' }
  | { kind: 'add'; path: string }
  | { kind: 'unknown'; name: string }

const SIMPLE: Record<string, ChatCommand> = {
  help: { kind: 'help' },
  h: { kind: 'help' },
  exit: { kind: 'exit' },
  quit: { kind: 'exit' },
  q: { kind: 'exit' },
  clear: { kind: 'clear-screen' },
  cl: { kind: 'clear-screen' },
  'clear-his': { kind: 'clear-history' },
  clh: { kind: 'clear-history' },
  history: { kind: 'history' },
  his: { kind: 'history' },
  img: { kind: 'media' },
  'reset-conf': { kind: 'reset-conf' }
}

/** The command on this line, or null when the line is a message to the model. */
export function parseChatCommand(line: string): ChatCommand | null {
  const trimmed = line.trim()
  if (!trimmed.startsWith(':') || trimmed.length < 2) return null
  const [name, ...args] = trimmed.slice(1).split(/\s+/)
  const rest = trimmed.slice(1 + name.length).trim()
  const simple = SIMPLE[name]
  if (simple) return simple
  if (name === 'seed') return { kind: 'seed', value: args[0] ?? null }
  if (name === 'conf') return { kind: 'conf', assignments: args }
  if (name === 'add' && rest) return { kind: 'add', path: unquote(rest) }
  return { kind: 'unknown', name }
}

/** Paths pasted from a file manager often come quoted. */
export function unquote(text: string): string {
  const t = text.trim()
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0]) return t.slice(1, -1)
  return t
}
