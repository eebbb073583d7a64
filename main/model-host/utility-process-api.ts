// Electron's utilityProcess API as far as main uses it (the model host and what the host asks main
// to launch), declared here so that nothing under main/model-host imports 'electron'.

/** The members of Electron's UtilityProcess the adapter uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'exit', listener: (code: number) => void): unknown
  kill(): boolean
}

/** Electron's `utilityProcess` module, as far as the adapter uses it. */
export interface UtilityProcessApi {
  fork(
    modulePath: string,
    args?: string[],
    options?: {
      env?: Record<string, string>
      serviceName?: string
      stdio?: 'pipe' | 'ignore' | 'inherit'
    }
  ): UtilityProcessLike
}
