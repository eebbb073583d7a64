// The store's shape: one state object composed from slices, each with its actions. A slice writes
// only its own state (SliceSet); it changes another slice's state through that slice's actions.
import type {
  ApiServerStatus,
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
import type { PathKind } from '../../../preload/contract'
import type { ApiClient } from '../api/client'
import type { NoticeText } from '../lib/notice-text'
import type { ProgressStart } from './eta'

export interface PendingAttachment {
  /** Local key (the id is known only after the upload). */
  readonly key: string
  readonly name: string
  readonly status: 'adding' | 'ready' | 'error'
  readonly info: AttachmentInfo | null
  /** Why it could not be added or shown, translated when drawn. */
  readonly error: NoticeText | null
  /** Frames to sample from a video. */
  readonly frames: number
  readonly strip: FrameStrip | null
}

/** What a notice offers to do: open a download, show an export in the file manager, or undo a
 * cleared history (each labelled in the language of the moment when shown). */
export type NoticeAction =
  | { readonly kind: 'download'; readonly href: string }
  | { readonly kind: 'reveal'; readonly exportName: string }
  | { readonly kind: 'undo-clear'; readonly conversationId: string }

export interface Notice {
  readonly id: number
  readonly level: 'info' | 'warning' | 'error'
  /** Translated when shown, so that it follows a change of language. */
  readonly text: NoticeText
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
  /** Clears the open conversation's turns (after the user confirmed), offering Undo. */
  clearHistory(): Promise<void>
  undoClearHistory(conversationId: string): Promise<void>
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
  /** Removes every file that could not be used. */
  dismissFailed(): void
  setFrames(key: string, frames: number): Promise<void>
  /** Sends the composer's text (or runs its slash command). */
  submit(): Promise<void>
}

export interface ModelSlice {
  model: ModelStatus
  progress: { phase: string; done: number; total: number } | null
  /** The first report of the running job's progress, for its time estimate. */
  progressStart: ProgressStart | null
  /** Seconds the running job has left at its rate so far; null until known. */
  etaSeconds: number | null
  packages: ModelPackageEntry[]
  plan: PlacementPreview | null
  /** Whether the engine may read typed paths (null until asked); see ApiClient.pathsAllowed. */
  pathsAllowed: boolean | null
  /** Whether a native file/folder picker exists (the desktop app). */
  canPickPaths: boolean
  checkPathsAllowed(): Promise<void>
  /** The path the user picked in the native dialog, or null (cancelled, or no picker). */
  pickPath(kind: PathKind): Promise<string | null>
  receiveModelStatus(model: ModelStatus): void
  receiveProgress(progress: ModelSlice['progress']): void
  refreshModels(): Promise<void>
  loadModel(packagePath: string, split?: number[]): Promise<void>
  loadDemo(): Promise<void>
  restartModel(): Promise<void>
  previewPlacement(packagePath: string, split?: number[]): Promise<void>
  /** Converts the seed's files, then loads the new package. */
  convertModel(input: RouteInput<'model.convert'>): Promise<void>
  cancelConvert(): Promise<void>
}

export type Panel = 'none' | 'settings' | 'model' | 'compare' | 'help'

export interface UiSlice {
  notices: Notice[]
  panel: Panel
  language: 'en' | 'zh'
  theme: 'light' | 'dark'
  /** The label of the media an answer's mention points at, whose thumbnails are highlighted. */
  highlightedMedia: string | null
  /** The attachment shown large in the media viewer. */
  viewing: string | null
  viewMedia(attachmentId: string | null): void
  /** The side panel fills the window (the comparison view). */
  panelExpanded: boolean
  setPanelExpanded(expanded: boolean): void
  /** The conversation list is open as a drawer (narrow windows). */
  drawer: boolean
  setDrawer(open: boolean): void
  /** An action waiting for the user's yes in the confirmation dialog. */
  confirming: 'clear-history' | null
  /** Asks before clearing the open conversation's history. */
  requestClearHistory(): void
  answerConfirm(yes: boolean): Promise<void>
  notify(level: Notice['level'], text: NoticeText, action?: NoticeAction): void
  /** An error notice for a failed action, in the user's language. */
  notifyError(error: unknown): void
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

export interface ApiServerSlice {
  apiServer: ApiServerStatus | null
  receiveApiServerStatus(status: ApiServerStatus): void
  refreshApiServer(): Promise<void>
  configureApiServer(patch: RouteInput<'apiServer.configure'>): Promise<void>
  newApiKey(): Promise<void>
  revokeApiKey(): Promise<void>
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
  ApiServerSlice &
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
  /** Text lookup for what the store writes itself (a branch's title, a file's problem). */
  readonly t: (key: string, values?: Record<string, unknown>) => string
}
