// `mpp serve`: the desktop UI in a browser, bridged to the same services and model host as the
// app. Loopback only unless --host says otherwise; the printed URL carries the access token. The
// API takes no paths on this machine's disk unless --allow-paths says so.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { MppError } from '../../inference/errors'
import { isLoopbackHost, isWildcardHost, machineAddresses } from '../../serve/access'
import { keepServing } from '../../serve/crash-guard'
import { runServe } from '../../serve/run-serve'
import { defaultDataDir } from '../../services/app-paths'
import { runAction } from '../run-action'

interface ServeFlags {
  model?: string
  port: string
  host: string
  data?: string
  allowPaths?: boolean
}

/** Says who can reach a server listening beyond loopback, and at which addresses. */
function warnBeyondLoopback(host: string, url: string, log: (line: string) => void): void {
  const shown = isWildcardHost(host) ? `${host} (every address of this machine)` : host
  log(`warning: listening on ${shown}; anyone who can reach it and has the link can use it`)
  if (!isWildcardHost(host)) return
  const link = new URL(url)
  for (const address of machineAddresses()) {
    if (isLoopbackHost(address)) continue
    link.hostname = address.includes(':') ? `[${address}]` : address
    log(`  also at ${link.href}`)
  }
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
      '--allow-paths',
      'let the web API open files and model folders by their path on this machine'
    )
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
        keepServing(log)
        const serve = await runServe({
          dataDir: resolve(flags.data ?? defaultDataDir()),
          rendererDir: rendererDir(),
          host: flags.host,
          port,
          modelPackage: flags.model ? resolve(flags.model) : undefined,
          allowPaths: flags.allowPaths === true,
          log
        })
        process.stdout.write(`MPP Desktop is at ${serve.bridge.url}\n`)
        if (!isLoopbackHost(flags.host)) warnBeyondLoopback(flags.host, serve.bridge.url, log)
        if (flags.allowPaths) {
          log('warning: --allow-paths: anyone with the link can read files on this machine')
        }
        const stop = (): void => {
          void serve.stop().finally(() => process.exit(0))
        }
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
    )
}
