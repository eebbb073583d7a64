// The store's shape: one state object composed from slices, each with its actions. A slice writes
// only its own state (SliceSet); it changes another slice's state through that slice's actions.
import type {
  AttachmentInfo,
  ChatSettings,
  Conversation,
  ConversationSummary,
  FrameStrip,
  GenerationOptions,
  ModelPackageEntry,
  ModelStatus,
  PlacementPreview
} from '../../../preload/contract/types'
import type { RouteInput } from '../../../preload/contract/routes'
import type { ApiClient } from '../api/client'

export interface PendingAttachment {
  /** Local key (the id is known only after the upload). */
  readonly key: string
  readonly name: string
  readonly status: 'adding' | 'ready' | 'error'
  readonly info: AttachmentInfo | null
  readonly error: string | null
  /** Frames to sample from a video. */
  readonly frames: number
  readonly strip: FrameStrip | null
}

/** What a notice offers to do: open a download, or show an export in the file manager. */
export type NoticeAction =
  | { readonly kind: 'download'; readonly label: string; readonly href: string }
  | { readonly kind: 'reveal'; readonly label: string; readonly exportName: string }

export interface Notice {
  readonly id: number
  readonly level: 'info' | 'warning' | 'error'
  readonly message: string
  readonly action?: NoticeAction
}

export interface ConversationSlice {
  summaries: ConversationSummary[]
  search: string
  activeId: string | null
  conversation: Conversation | null
  /** Streaming text per turn id, until the finished turn arrives. */
  drafts: Record<string, string>
  previews: Record<string, string>
  refreshList(): Promise<void>
  setSearch(query: string): Promise<void>
  /** Shows `conversation` if it is the open one (main's conversation.updated). */
  receiveConversation(conversation: Conversation): void
  /** An empty draft for a turn that has just started. */
  startDraft(turnId: string): void
  /** Streamed answer text for a turn (coalesced, see delta-coalescer.ts). */
  receiveDelta(turnId: string, text: string): void
  /** The host restarted the turn: its draft starts again. */
  restartDraft(turnId: string): void
  select(id: string): Promise<void>
  newConversation(): Promise<void>
  rename(id: string, title: string): Promise<void>
  setPinned(id: string, pinned: boolean): Promise<void>
  remove(id: string): Promise<void>
  clearHistory(): Promise<void>
  stop(): Promise<void>
  regenerate(): Promise<void>
  /** Shows answer `index` (0-based, oldest first) of the last question. */
  selectAnswer(turnId: string, index: number): Promise<void>
  editAndResend(turnId: string, query: string): Promise<void>
  /** Replaces a finished answer with the user's text. */
  editAnswer(turnId: string, response: string): Promise<void>
  /** Opens a new conversation with the history up to and including this question. */
  branch(turnId: string): Promise<void>
  /** Imports an exported conversation and opens it. */
  importConversation(file: File): Promise<void>
  /** These resolve false when the change failed (an error notice says why). */
  updateOptions(patch: Partial<GenerationOptions>): Promise<boolean>
  updateSystem(system: string): Promise<boolean>
  resetSettings(): Promise<boolean>
  exportConversation(format: 'markdown' | 'instruction-json'): Promise<void>
  revealExport(name: string): Promise<void>
  loadPreview(attachmentId: string): Promise<void>
}

export interface ComposerSlice {
  text: string
  pending: PendingAttachment[]
  setText(text: string): void
  /** Drops the attachments not yet sent (another conversation is being opened). */
  discardPending(): void
  /** Empties the composer: text and attachments. */
  resetComposer(): void
  addFiles(files: readonly File[]): Promise<void>
  removePending(key: string): void
  setFrames(key: string, frames: number): Promise<void>
  /** Sends the composer's text (or runs its slash command). */
  submit(): Promise<void>
}

export interface ModelSlice {
  model: ModelStatus
  progress: { phase: string; done: number; total: number } | null
  packages: ModelPackageEntry[]
  plan: PlacementPreview | null
  receiveModelStatus(model: ModelStatus): void
  receiveProgress(progress: ModelSlice['progress']): void
  refreshModels(): Promise<void>
  loadModel(packagePath: string, split?: number[]): Promise<void>
  loadDemo(): Promise<void>
  restartModel(): Promise<void>
  previewPlacement(packagePath: string, split?: number[]): Promise<void>
  convertModel(input: RouteInput<'model.convert'>): Promise<void>
}

export type Panel = 'none' | 'settings' | 'model' | 'compare' | 'help'

export interface UiSlice {
  notices: Notice[]
  panel: Panel
  language: 'en' | 'zh'
  theme: 'light' | 'dark'
  /** The label of the media an answer's mention points at, whose thumbnails are highlighted. */
  highlightedMedia: string | null
  notify(level: Notice['level'], message: string, action?: NoticeAction): void
  dismiss(id: number): void
  /** Toggles `panel` (a second press closes it). */
  setPanel(panel: Panel): void
  /** Opens `panel`, whichever is open now. */
  openPanel(panel: Panel): void
  /** Language and theme as read at start-up (not saved again). */
  applyPreferences(preferences: { language: 'en' | 'zh'; theme: 'light' | 'dark' }): void
  setLanguage(language: 'en' | 'zh'): Promise<void>
  setTheme(theme: 'light' | 'dark'): Promise<void>
  highlightMedia(label: string | null): void
}

/** Settings beyond one conversation: what new conversations start with. */
export interface SettingsSlice {
  chatDefaults: ChatSettings
  receiveChatDefaults(defaults: ChatSettings | undefined): void
  /** These resolve false when the change failed (an error notice says why). */
  updateDefaults(patch: {
    options?: Partial<ChatSettings['options']>
    system?: string
  }): Promise<boolean>
  /** Back to the seed's defaults. */
  resetDefaults(): Promise<boolean>
}

export interface LifecycleSlice {
  /** Loads settings, conversations and model status, and subscribes to events. */
  start(): Promise<() => void>
}

export type AppState = ConversationSlice &
  ComposerSlice &
  ModelSlice &
  UiSlice &
  SettingsSlice &
  LifecycleSlice

type ActionKeys<S> = {
  [K in keyof S]: S[K] extends (...args: never[]) => unknown ? K : never
}[keyof S]

/** The keys of a slice that hold state (not actions). */
export type StateKeys<S> = Exclude<keyof S, ActionKeys<S>>

/** What a slice may set: its own state, nothing else. */
export type SliceSet<S> = (
  partial: Partial<Pick<S, StateKeys<S>>> | ((state: AppState) => Partial<Pick<S, StateKeys<S>>>)
) => void

export type GetState = () => AppState

/** Every action of the store and nothing of its state (what useActions returns). */
export type AppActions = Pick<AppState, ActionKeys<AppState>>

export interface SliceDeps {
  readonly client: ApiClient
  /** Text lookup for messages the store itself shows (notices). */
  readonly t: (key: string, values?: Record<string, unknown>) => string
}
