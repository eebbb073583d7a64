// Starts the built CLI's `mpp serve` for browser tests (needs `electron-vite build` first) and
// reads the printed URL. The model host runs the real engine: with `model`, that package is loaded
// at start; without, the server loads the demo model, built under its own MPP_HOME.
// Its temp folder (data, MPP_HOME) goes when it is stopped.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface ServeHandle {
  readonly url: string
  readonly origin: string
  readonly dataDir: string
  readonly child: ChildProcess
  /** What the server has written to stderr so far (warnings, log lines). */
  stderr(): string
  stop(): Promise<void>
}

const REPO = resolve(import.meta.dirname, '..', '..', '..')

export async function startServe(
  options: { model?: string; args?: readonly string[] } = {}
): Promise<ServeHandle> {
  const root = await mkdtemp(join(tmpdir(), 'mpp-e2e-'))
  const dataDir = join(root, 'data')
  const args = [join(REPO, 'out', 'main', 'cli.js'), 'serve', '--data', dataDir, '--port', '0']
  if (options.model) args.push('--model', options.model)
  args.push(...(options.args ?? []))
  const env: NodeJS.ProcessEnv = { ...process.env, MPP_HOME: join(root, 'home') }
  // The canned host is for the host's own tests; one set in the caller's shell must not slip in.
  delete env.MPP_HOST_FAKE
  const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`mpp serve printed no URL: ${stderr}`)), 30_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    })
    child.once('exit', (code) => reject(new Error(`mpp serve exited with ${code}: ${stderr}`)))
  })
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    child,
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      }).then(() => rm(root, { recursive: true, force: true }))
  }
}

/** Pids of the running model host(s) of a server: its child processes running model-host.js. */
export async function modelHostPids(serve: ServeHandle): Promise<number[]> {
  const parent = serve.child.pid
  const pids: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    // Fields after the parenthesised command: state, then the parent pid.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    if (ppid !== parent) continue
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')
    if (cmdline.includes('model-host')) pids.push(Number(entry))
  }
  return pids
}
