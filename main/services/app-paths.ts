// Where the app keeps its data outside Electron (CLI and `mpp serve`): $MPP_HOME/app, else
// $XDG_DATA_HOME (or ~/.local/share)/mpp-desktop. The Electron shell uses app.getPath('userData').
import { homedir } from 'node:os'
import { join } from 'node:path'

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MPP_HOME) return join(env.MPP_HOME, 'app')
  const data = env.XDG_DATA_HOME || join(homedir(), '.local', 'share')
  return join(data, 'mpp-desktop')
}
