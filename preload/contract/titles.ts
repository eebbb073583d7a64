// The title main gives a conversation before its first question names it; the renderer shows it
// in the user's language instead.
export const DEFAULT_CONVERSATION_TITLE = 'New conversation'
