// Starts the built CLI's `mpp serve` for browser tests (needs `electron-vite build` first) and
// reads the printed URL. By default the model host runs its canned backend (MPP_HOST_FAKE=1) with
// a slow token pace so that stop can be pressed mid-answer; `real` runs the engine with no model
// loaded at start (the test loads the demo model, built under its own MPP_HOME).
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface ServeHandle {
  readonly url: string
  readonly origin: string
  readonly dataDir: string
  readonly child: ChildProcess
  stop(): Promise<void>
}

const REPO = resolve(import.meta.dirname, '..', '..', '..')

export async function startServe(
  options: { tokenMs?: number; real?: boolean } = {}
): Promise<ServeHandle> {
  const root = await mkdtemp(join(tmpdir(), 'mpp-e2e-'))
  const dataDir = join(root, 'data')
  const modelDir = join(root, 'model')
  await mkdir(modelDir, { recursive: true })
  const args = [join(REPO, 'out', 'main', 'cli.js'), 'serve', '--data', dataDir, '--port', '0']
  const env: NodeJS.ProcessEnv = { ...process.env, MPP_HOME: join(root, 'home') }
  if (!options.real) {
    args.push('--model', modelDir)
    env.MPP_HOST_FAKE = '1'
    env.MPP_HOST_FAKE_TOKEN_MS = String(options.tokenMs ?? 60)
  }
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
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done()
        child.once('exit', () => done())
        child.kill('SIGTERM')
      })
  }
}
