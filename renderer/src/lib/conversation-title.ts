// A conversation's title as shown: the user's or the first question's words, or "New
// conversation" in the current language while main's default title stands.
import { DEFAULT_CONVERSATION_TITLE } from '../../../preload/contract/titles'

export function shownTitle(title: string, t: (key: string) => string): string {
  return title === DEFAULT_CONVERSATION_TITLE ? t('sidebar.newConversation') : title
}
