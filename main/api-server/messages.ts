// OpenAI messages onto the engine's conversation: leading system (or developer) messages become
// the system prompt; then user and assistant alternate, ending with the user's question. A user
// message's images and videos keep their order and go before its text, one
// `<Img><ImageHere></Img>` each (MODEL-SPEC §7, §9), exactly as the app places a turn's
// attachments; its text parts are joined with newlines.
import { DEFAULT_SYSTEM_PROMPT, type ChatTurn, type MediaItem } from '../inference/engine-api'
import type { MediaIntake, MediaRequestContext } from './media-intake'
import { badParam } from './openai-error'
import type { Message } from './request-schema'

export interface EngineConversation {
  readonly system: string
  readonly turns: readonly ChatTurn[]
}

function textOf(message: Message, param: string): string {
  if (typeof message.content === 'string') return message.content
  return message.content
    .map((part, index) => {
      if (part.type !== 'text') {
        throw badParam(`${param}.content.${index}`, `${message.role} messages take text only`)
      }
      return part.text
    })
    .join('\n')
}

async function userTurn(
  message: Message,
  param: string,
  intake: MediaIntake,
  context: MediaRequestContext
): Promise<{ query: string; media: MediaItem[] }> {
  if (typeof message.content === 'string') return { query: message.content, media: [] }
  const texts: string[] = []
  const media: MediaItem[] = []
  for (const [index, part] of message.content.entries()) {
    const at = `${param}.content.${index}`
    if (part.type === 'text') texts.push(part.text)
    else if (part.type === 'image_url') {
      if (part.image_url.detail !== undefined && part.image_url.detail !== 'auto') {
        throw badParam(
          `${at}.image_url.detail`,
          'every image is resized to 224x224 for this model; only "auto" is honest'
        )
      }
      media.push(await intake.image(part.image_url.url, `${at}.image_url`, context))
    } else {
      const { url, frames } = part.video_url
      media.push(await intake.video(url, frames, `${at}.video_url`, context))
    }
  }
  const query = texts.join('\n')
  if (query === '' && media.length === 0) throw badParam(param, 'the message is empty')
  return { query, media }
}

export async function toEngineConversation(
  messages: readonly Message[],
  intake: MediaIntake,
  context: MediaRequestContext
): Promise<EngineConversation> {
  const systems: string[] = []
  let index = 0
  for (; index < messages.length; index++) {
    const message = messages[index]
    if (message.role !== 'system' && message.role !== 'developer') break
    systems.push(textOf(message, `messages.${index}`))
  }
  const turns: ChatTurn[] = []
  let pending: { query: string; media: MediaItem[] } | null = null
  for (; index < messages.length; index++) {
    const message = messages[index]
    const param = `messages.${index}`
    if (message.role === 'system' || message.role === 'developer') {
      throw badParam(param, `${message.role} messages must come before the conversation`)
    }
    if (message.role === 'user') {
      if (pending) throw badParam(param, 'two user messages in a row; merge them into one')
      pending = await userTurn(message, param, intake, context)
    } else {
      if (!pending) throw badParam(param, 'an assistant message must answer a user message')
      turns.push({ ...pending, response: textOf(message, param) })
      pending = null
    }
  }
  if (!pending) {
    throw badParam('messages', 'the last message must be the user message to answer')
  }
  turns.push(pending)
  return { system: systems.length > 0 ? systems.join('\n') : DEFAULT_SYSTEM_PROMPT, turns }
}
