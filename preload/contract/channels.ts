// The Electron IPC channels: one invoke channel for requests, one for events, one for the picker. Kept apart from
// the zod schemas so the sandboxed preload bundles nothing but these names.
export const IPC_CHANNELS = {
  request: 'mpp:request',
  event: 'mpp:event',
  /** The desktop app's native open dialog (a file or a folder); answers a path or null. */
  pickPath: 'mpp:pick-path'
} as const
