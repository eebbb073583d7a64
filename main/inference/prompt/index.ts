// Public face of the prompt area: ChatML prompt ids for a conversation with media.
export { buildChatPrompt, SLOTS_PER_IMAGE, type ChatPrompt, type ChatPromptOptions } from './chatml'
export { MAX_WINDOW_SIZE, selectHistoryTurns } from './history-window'
export {
  DEFAULT_VIDEO_FRAMES,
  mediaImageCount,
  type PromptConversation,
  type PromptMedia,
  type PromptTurn
} from './prompt-turn'
export { PromptError, type PromptErrorCode } from './errors'
