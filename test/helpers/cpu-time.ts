// The CPU time this process (all its threads) spent while some work ran. Unlike a timer's lag,
// it does not grow when other processes load the machine, so it can tell work done here from
// work done in another process.
export async function cpuTimeDuring<T>(
  work: () => Promise<T>
): Promise<{ result: T; cpuMs: number }> {
  const before = process.cpuUsage()
  const result = await work()
  const used = process.cpuUsage(before)
  return { result, cpuMs: (used.user + used.system) / 1000 }
}
