// The built CLI's `mpp serve` as a child process over a given data folder, with the canned model
// host (MPP_HOST_FAKE=1) on the demo package (cached like the browser tests'), so a turn takes
// milliseconds; and a small client for its HTTP API (token header, envelopes). Needs
// `electron-vite build` first.
import { spawn, type ChildProcess } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Envelope } from '../../preload/contract/errors'
import { ensureDemoModel } from '../../main/inference/demo-model'

const REPO = resolve(import.meta.dirname, '..', '..')
export const CLI = join(REPO, 'out', 'main', 'cli.js')

export interface ServeChild {
  readonly child: ChildProcess
  readonly origin: string
  readonly token: string
  stderr(): string
  call<T>(route: string, input: unknown): Promise<Envelope<T>>
  /** SIGTERM, and resolves once it has exited. */
  stop(): Promise<void>
  /** SIGKILL: no chance to clean up. */
  kill9(): Promise<void>
}

export interface ServeChildOptions {
  readonly dataDir: string
  /** The server's MPP_HOME. */
  readonly home: string
  readonly tokenMs?: number
}

export function serveEnv(options: ServeChildOptions): NodeJS.ProcessEnv {
  return {
    ...process.env,
    MPP_HOME: options.home,
    MPP_HOST_FAKE: '1',
    MPP_HOST_FAKE_TOKEN_MS: String(options.tokenMs ?? 1)
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done()
    else child.once('exit', () => done())
  })
}

/** The URL `mpp serve` prints once it listens; rejects when it exits first or prints none. */
export function waitForServeUrl(
  child: ChildProcess,
  stderr: () => string,
  ready: (stdout: string) => boolean = () => true
): Promise<string> {
  return waitForServeOutput(child, stderr, ready).then(({ url }) => url)
}

/** As waitForServeUrl, also giving back what it printed once `ready` holds for it. */
export function waitForServeOutput(
  child: ChildProcess,
  stderr: () => string,
  ready: (stdout: string) => boolean
): Promise<{ url: string; stdout: string }> {
  return new Promise((resolveUrl, reject) => {
    let out = ''
    const timer = setTimeout(
      () => reject(new Error(`mpp serve printed no URL: ${stderr()}`)),
      30_000
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)
      if (match && ready(out)) {
        clearTimeout(timer)
        resolveUrl({ url: match[1], stdout: out })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`mpp serve exited with ${code}: ${stderr()}`))
    })
  })
}

/** Starts `mpp serve`; rejects with its stderr when it exits before printing its URL. */
export async function startServeChild(options: ServeChildOptions): Promise<ServeChild> {
  // A real package passes the server's own checks; the canned host then answers for it.
  const model = await ensureDemoModel({
    ...process.env,
    MPP_HOME: join(tmpdir(), 'mpp-e2e-demo-cache')
  })
  const args = [CLI, 'serve', '--data', options.dataDir, '--port', '0', '--model', model]
  const child = spawn(process.execPath, args, {
    env: serveEnv(options),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const url = new URL(await waitForServeUrl(child, () => stderr))
  const token = url.searchParams.get('token') ?? ''
  const serve: ServeChild = {
    child,
    origin: url.origin,
    token,
    stderr: () => stderr,
    call: async <T>(route: string, input: unknown) => {
      const response = await fetch(`${url.origin}/api/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-mpp-token': token },
        body: JSON.stringify(input)
      })
      return (await response.json()) as Envelope<T>
    },
    stop: async () => {
      const done = exited(child)
      child.kill('SIGTERM')
      await done
    },
    kill9: async () => {
      const done = exited(child)
      child.kill('SIGKILL')
      await done
    }
  }
  await modelReady(serve)
  return serve
}

/** Waits until the canned model is loaded (the server loads it just after it starts). */
async function modelReady(serve: ServeChild): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const status = await serve.call<{ state: string }>('model.status', {})
    if (status.ok && status.value.state === 'ready') return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`the model never became ready: ${serve.stderr()}`)
}

/** Runs `mpp serve` expecting it to refuse to start; resolves with its exit code and stderr. */
export function serveRefusal(
  options: ServeChildOptions
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data', options.dataDir, '--port', '0'], {
    env: serveEnv(options),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout?.on('data', () => {})
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  return new Promise((done) => {
    child.once('exit', (code) => {
      clearTimeout(timer)
      done({ code, stderr })
    })
  })
}
