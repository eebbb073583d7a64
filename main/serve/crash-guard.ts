// Keeps `mpp serve` up whatever one request does: a rejection nobody handled or an exception
// thrown outside any request's own error handling is logged as one line, and the server goes on
// serving everyone else. Installed by the serve command only, for the life of the process.
export function keepServing(log: (line: string) => void): () => void {
  const describe = (error: unknown): string =>
    error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  const onRejection = (reason: unknown): void =>
    log(`error: a request failed and was dropped (unhandled rejection): ${describe(reason)}`)
  const onException = (error: unknown): void =>
    log(`error: a request failed and was dropped (uncaught exception): ${describe(error)}`)
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  return () => {
    process.off('unhandledRejection', onRejection)
    process.off('uncaughtException', onException)
  }
}
