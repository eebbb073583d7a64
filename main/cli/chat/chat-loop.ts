// The interactive part of `mpp chat`: asks for media when none were named, then reads
// messages and `:commands`, streams answers through the model host client, and routes Ctrl-C
// (stop the answer; twice at the prompt, leave).
import { DEFAULT_GENERATION_OPTIONS, type MediaItem } from '../../inference/engine-api'
import { MppError } from '../../shared/errors'
import type { ModelHostClient } from '../../model-host/client'
import { ModelHostError } from '../../model-host/errors'
import { parseChatCommand, unquote, type ChatCommand } from './commands'
import type { ChatConversation } from './conversation'
import { mediaItemFor } from './conversation'
import { applyConf, formatConf, parseSeed } from './generation-config'
import type { LineReader } from './line-reader'
import type { ChatMessages } from './messages'

export interface ChatLoopDeps {
  readonly client: ModelHostClient
  readonly reader: LineReader
  readonly out: NodeJS.WritableStream
  readonly messages: ChatMessages
}

/** Reads media paths one per line until `:f` (or end of input), as the seed's CLI does. */
export async function askForMedia(deps: ChatLoopDeps): Promise<MediaItem[] | null> {
  const { reader, out, messages } = deps
  const media: MediaItem[] = []
  let armed = false
  let leave = false
  reader.onInterrupt = () => {
    if (armed) {
      leave = true
      reader.close()
      return
    }
    armed = true
    reader.reprompt(messages.pressAgain)
  }
  out.write(`${messages.askMedia}\n`)
  for (;;) {
    const line = await reader.question(messages.mediaPrompt)
    if (line === null) return leave ? null : media
    armed = false
    const path = unquote(line)
    if (path === ':f') return media
    if (!path) continue
    try {
      media.push(mediaItemFor(path))
    } catch (error) {
      out.write(`${messageOf(error)}\n`)
    }
  }
}

export async function chatLoop(deps: ChatLoopDeps, conversation: ChatConversation): Promise<void> {
  const { reader, out, messages } = deps
  let answering: AbortController | null = null
  let armed = false
  reader.onInterrupt = () => {
    if (answering) {
      answering.abort()
      return
    }
    if (armed) {
      reader.close()
      return
    }
    armed = true
    reader.reprompt(messages.pressAgain)
  }
  out.write(`${messages.welcome}\n`)
  for (;;) {
    const line = await reader.question(messages.prompt)
    if (line === null) break
    armed = false
    const text = line.trim()
    if (!text) continue
    const command = parseChatCommand(text)
    if (command) {
      if (command.kind === 'exit') break
      try {
        runCommand(command, conversation, deps)
      } catch (error) {
        out.write(`${messageOf(error)}\n`)
      }
      continue
    }
    answering = new AbortController()
    try {
      await answer(text, conversation, deps, answering.signal)
    } finally {
      answering = null
    }
  }
  out.write(`${messages.bye}\n`)
}

async function answer(
  query: string,
  conversation: ChatConversation,
  deps: ChatLoopDeps,
  signal: AbortSignal
): Promise<void> {
  const { client, out, messages } = deps
  out.write(messages.assistant)
  try {
    const result = await client.generate(
      conversation.request(query),
      {
        onDelta: (text) => out.write(printable(text)),
        onRestart: () => out.write(`\n${messages.restarted}\n${messages.assistant}`)
      },
      signal
    )
    const stopped = result.stats.stopReason === 'cancelled'
    out.write(stopped ? ` ${messages.stopped}\n` : '\n')
    if (!stopped || result.text) conversation.commit(query, result.text)
  } catch (error) {
    out.write('\n')
    // Without a host there is nothing left to chat with.
    if (error instanceof ModelHostError && error.code !== 'REMOTE_ERROR') throw error
    out.write(`${messageOf(error)}\n`)
  }
}

function runCommand(
  command: ChatCommand,
  conversation: ChatConversation,
  deps: ChatLoopDeps
): void {
  const { out, messages } = deps
  const say = (text: string): void => void out.write(`${text}\n`)
  switch (command.kind) {
    case 'help':
      return say(messages.help)
    case 'clear-screen':
      return void out.write('\x1b[2J\x1b[3J\x1b[H')
    case 'clear-history':
      conversation.clearHistory()
      return say(messages.historyCleared)
    case 'history':
      if (conversation.history.length === 0) return say(messages.noHistory)
      for (const turn of conversation.history) {
        const media = turn.media.length ? `[${turn.media.map((m) => m.path).join(', ')}] ` : ''
        say(`${messages.prompt}${media}${turn.query}`)
        say(`${messages.assistant}${turn.response ?? ''}`)
      }
      return
    case 'media':
      if (conversation.media.length === 0) return say(messages.noMedia)
      conversation.media.forEach((item, i) => say(`  ${i + 1}. ${item.kind} ${item.path}`))
      return
    case 'add': {
      const item = mediaItemFor(command.path)
      conversation.add(item)
      return say(messages.added(item.path))
    }
    case 'seed':
      if (command.value !== null) {
        conversation.options = { ...conversation.options, seed: parseSeed(command.value) }
      }
      return say(messages.seed(conversation.options.seed))
    case 'conf':
      if (command.assignments.length > 0) {
        conversation.options = applyConf(conversation.options, command.assignments)
        say(messages.confUpdated)
      }
      return say(formatConf(conversation.options))
    case 'reset-conf':
      // The seed is its own setting (:seed), as in the seed's CLI.
      conversation.options = { ...DEFAULT_GENERATION_OPTIONS, seed: conversation.options.seed }
      say(messages.confReset)
      return say(formatConf(conversation.options))
    case 'unknown':
      return say(messages.unknownCommand(command.name))
    case 'exit':
      return
  }
}

/** Model text without terminal control characters (a random or hostile model could move the cursor). */
export function printable(text: string): string {
  let kept = ''
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f)
    if (!control || char === '\n' || char === '\t') kept += char
  }
  return kept
}

function messageOf(error: unknown): string {
  if (error instanceof MppError) return error.message
  throw error
}
