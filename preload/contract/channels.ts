// The two Electron IPC channels: one invoke channel for requests, one for events. Kept apart from
// the zod schemas so the sandboxed preload bundles nothing but these names.
export const IPC_CHANNELS = { request: 'mpp:request', event: 'mpp:event' } as const
