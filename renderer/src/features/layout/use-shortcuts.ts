// Window-wide keys: Ctrl/Cmd+N starts a conversation, Esc stops the answer being written.
import { useEffect } from 'react'

export function useShortcuts(actions: { newConversation(): void; stop(): void }): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'n') {
        event.preventDefault()
        actions.newConversation()
      } else if (event.key === 'Escape') {
        actions.stop()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [actions])
}
