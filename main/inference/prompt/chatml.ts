// Builds the ChatML prompt ids of MODEL-SPEC §7 from a conversation. The template's control tokens
// are special ids; everything between two of them (role name, media wrappers, user text) is one
// piece encoded with special strings as plain text, so a typed `<|im_end|>` or `<|extra_0|>` stays
// text. Because pieces end where the seed's whole-string tokenisation splits at specials, the ids
// equal the seed's for any text without special strings. Each image mark becomes 32 slot ids.
import { IMAGE_SLOT_ID, IM_END_ID, IM_START_ID, type QwenTokenizer } from '../tokenizer'
import { MAX_WINDOW_SIZE, selectHistoryTurns } from './history-window'
import {
  IMAGE_MARK,
  checkConversation,
  partsToText,
  turnQueryParts,
  type ContentPart,
  type PromptConversation
} from './prompt-turn'

/** Q-Former query tokens per image: the slots one `<ImageHere>` expands to. */
export const SLOTS_PER_IMAGE = 32

export interface ChatPrompt {
  readonly ids: number[]
  /** Count of IMAGE_SLOT_ID in `ids`: 32 per image or video frame, in placeholder order. */
  readonly imageSlots: number
  /** The seed's raw_text (with `<ImageHere>` unexpanded), for logs and debugging. */
  readonly text: string
  /** Indexes into `turns` that the prompt holds (the window may drop early text-only turns). */
  readonly keptTurns: number[]
}

export interface ChatPromptOptions {
  readonly maxWindowSize?: number
}

const IM_START_TEXT = '<|im_start|>'
const IM_END_TEXT = '<|im_end|>'

class PromptIds {
  readonly ids: number[] = []
  text = ''
  imageSlots = 0

  constructor(private readonly tokenizer: QwenTokenizer) {}

  plain(text: string): void {
    this.encodePlain(text)
    this.text += text
  }

  /** `<|im_start|>{role}\n{content}<|im_end|>`, content split only at image marks. */
  message(role: string, content: readonly ContentPart[]): void {
    this.ids.push(IM_START_ID)
    let pending = `${role}\n`
    for (const part of content) {
      if (part !== IMAGE_MARK) {
        pending += part
        continue
      }
      this.encodePlain(pending)
      for (let slot = 0; slot < SLOTS_PER_IMAGE; slot += 1) this.ids.push(IMAGE_SLOT_ID)
      this.imageSlots += SLOTS_PER_IMAGE
      pending = ''
    }
    this.encodePlain(pending)
    this.ids.push(IM_END_ID)
    this.text += `${IM_START_TEXT}${role}\n${partsToText(content)}${IM_END_TEXT}`
  }

  /** The open assistant message the model continues: `<|im_start|>assistant\n`. */
  openAssistant(): void {
    this.ids.push(IM_START_ID)
    this.encodePlain('assistant\n')
    this.text += `${IM_START_TEXT}assistant\n`
  }

  /** Appends one by one: a long text's ids would overflow the argument limit of push(...ids). */
  private encodePlain(text: string): void {
    for (const id of this.tokenizer.encode(text, { allowSpecial: false })) this.ids.push(id)
  }
}

export function buildChatPrompt(
  tokenizer: QwenTokenizer,
  conversation: PromptConversation,
  options: ChatPromptOptions = {}
): ChatPrompt {
  checkConversation(conversation)
  const history = conversation.turns.slice(0, -1)
  const current = conversation.turns[conversation.turns.length - 1]
  const keptHistory = selectHistoryTurns(
    tokenizer,
    conversation.system,
    history,
    options.maxWindowSize ?? MAX_WINDOW_SIZE
  )
  const prompt = new PromptIds(tokenizer)
  prompt.message('system', [conversation.system])
  for (const index of keptHistory) {
    const turn = history[index]
    prompt.plain('\n')
    prompt.message('user', turnQueryParts(turn))
    prompt.plain('\n')
    prompt.message('assistant', [turn.response ?? ''])
  }
  prompt.plain('\n')
  prompt.message('user', turnQueryParts(current))
  prompt.plain('\n')
  prompt.openAssistant()
  return {
    ids: prompt.ids,
    imageSlots: prompt.imageSlots,
    text: prompt.text,
    keptTurns: [...keptHistory, history.length]
  }
}
