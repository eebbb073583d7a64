// `mpp serve`: the desktop UI in a browser, bridged to the same services and model host as the
// app. Loopback only unless --host says otherwise; the printed URL carries the access token.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { MppError } from '../../inference/errors'
import { runServe, type RunningServe } from '../../serve/run-serve'
import { defaultDataDir } from '../../services/app-paths'
import { runAction } from '../run-action'

interface ServeFlags {
  model?: string
  port: string
  host: string
  data?: string
}

/** out/renderer beside the built CLI (out/main/cli.js), else the repository's out/renderer. */
function rendererDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  for (const candidate of [join(here, '..', 'renderer'), join(process.cwd(), 'out', 'renderer')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate
  }
  throw new MppError('SERVE_NO_UI', 'The web UI is not built: run `npx electron-vite build` first')
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('Serve the desktop UI to a local browser')
    .option('--model <package>', 'model package folder to load at start')
    .option('--port <n>', 'port (0 picks a free one)', '0')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option(
      '--data <dir>',
      'folder for conversations and attachments (default: the app data folder)'
    )
    .action(
      runAction(async (flags: ServeFlags) => {
        const port = Number(flags.port)
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new MppError('SERVE_BAD_PORT', `--port ${flags.port} is not a port number`)
        }
        const log = (line: string): void => {
          process.stderr.write(`${line}\n`)
        }
        if (!['127.0.0.1', 'localhost', '::1'].includes(flags.host)) {
          log(
            `warning: listening on ${flags.host}; anyone who can reach it and has the link can use it`
          )
        }
        // Handlers go in before the URL is printed: whoever reads it may signal at once.
        let serve: RunningServe | null = null
        const stop = (): void => {
          void (serve?.stop() ?? Promise.resolve()).finally(() => process.exit(0))
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
        serve = await runServe({
          dataDir: resolve(flags.data ?? defaultDataDir()),
          rendererDir: rendererDir(),
          host: flags.host,
          port,
          modelPackage: flags.model ? resolve(flags.model) : undefined,
          log
        })
        process.stdout.write(`MPP Desktop is at ${serve.bridge.url}\n`)
      })
    )
}
