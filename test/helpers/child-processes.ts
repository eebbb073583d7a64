// Which children of a process run a given built entry (stage-process.js, device-probe.js), read
// from ps: how tests see that a stage really runs in a process of its own, and whose child it is.
import { execFileSync } from 'node:child_process'

/** Process ids of the children of `parent` whose command line names `entry`. */
export function childrenRunning(parent: number, entry: string): number[] {
  let out: string
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent)], { encoding: 'utf8' })
  } catch {
    // ps exits 1 when the process has no children.
    return []
  }
  return out
    .split('\n')
    .filter((line) => line.includes(entry))
    .map((line) => Number(line.trim().split(/\s+/)[0]))
}
