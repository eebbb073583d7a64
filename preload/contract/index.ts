// The renderer <-> main contract in one import: routes, events, errors, shared data types.
export * from './channels'
export * from './errors'
export * from './events'
export * from './model-placement'
export * from './routes'
export * from './schemas'
export type * from './types'

/** What the preload exposes as window.api (Electron); web mode offers the same over HTTP. */
export interface BridgeApi {
  request(route: string, input: unknown): Promise<unknown>
  on(listener: (message: { event: string; payload: unknown }) => void): () => void
  pathForFile(file: File): string
  /** A native open dialog for one file or one folder; null when the user cancels. */
  pickPath(kind: PathKind): Promise<string | null>
}

export type PathKind = 'file' | 'folder'
