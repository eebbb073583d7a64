// How long this thread's event loop was held while some work ran: the worst delay of a 10 ms
// timer. Work off the thread keeps it near zero; minutes of JS on the thread show as seconds.
export async function worstTimerLag<T>(
  work: () => Promise<T>
): Promise<{ result: T; lagMs: number }> {
  let lagMs = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    lagMs = Math.max(lagMs, now - last - 10)
    last = now
  }, 10)
  try {
    return { result: await work(), lagMs }
  } finally {
    clearInterval(timer)
  }
}
