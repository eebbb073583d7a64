// The time left of a long job (converting the seed's files) from its progress reports.

export interface ProgressStart {
  /** When the first report arrived (ms since the epoch). */
  readonly at: number
  readonly done: number
}

/** Seconds left at the average rate since the first report; null until the rate is known. */
export function secondsLeft(
  start: ProgressStart,
  now: number,
  done: number,
  total: number
): number | null {
  const rate = (done - start.done) / (now - start.at)
  if (!(rate > 0) || total <= done) return null
  return Math.ceil((total - done) / rate / 1000)
}
