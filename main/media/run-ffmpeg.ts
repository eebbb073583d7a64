// Runs one ffmpeg child with a time limit and AbortSignal support. The promise settles only
// after the child has exited, so a cancelled or timed-out run never leaves ffmpeg behind.
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { MediaError } from './errors'

export interface RunFfmpegOptions {
  /** File name for error messages. */
  name: string
  timeoutMs: number
  signal?: AbortSignal
  /** Receives stdout as it arrives; when absent stdout is collected into the result. */
  onStdout?: (chunk: Buffer) => void
}

export interface RunFfmpegResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

const STDERR_LIMIT = 256 * 1024

/**
 * The `-i` argument for a file on disk. ffmpeg reads any input name as a URL first, so a file
 * named `concat:a.ts|b.ts`, `subfile:…` or `http://…` would reach that protocol; `file:` with the
 * absolute path makes it read the plain file of that name and nothing else.
 */
export function ffmpegInput(path: string): string {
  return `file:${resolve(path)}`
}

export function cancelledError(name: string): MediaError {
  return new MediaError('CANCELLED', `processing of ${name} was cancelled`)
}

export function runFfmpeg(
  ffmpeg: string,
  args: readonly string[],
  options: RunFfmpegOptions
): Promise<RunFfmpegResult> {
  const { name, signal } = options
  if (signal?.aborted) return Promise.reject(cancelledError(name))
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, ['-nostdin', '-hide_banner', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true
    })
    let stderr = ''
    const stdout: Buffer[] = []
    let failure: unknown
    const stop = (reason: unknown): void => {
      if (failure === undefined) failure = reason
      child.kill('SIGKILL')
    }
    const onAbort = (): void => stop(cancelledError(name))
    const timer = setTimeout(
      () =>
        stop(
          new MediaError(
            'TIMEOUT',
            `ffmpeg took longer than ${Math.round(options.timeoutMs / 1000)} s on ${name}`
          )
        ),
      options.timeoutMs
    )
    signal?.addEventListener('abort', onAbort, { once: true })
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure !== undefined) return
      if (!options.onStdout) {
        stdout.push(chunk)
        return
      }
      try {
        options.onStdout(chunk)
      } catch (error) {
        stop(error)
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-STDERR_LIMIT)
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (failure !== undefined) return
      failure =
        error.code === 'ENOENT' || error.code === 'EACCES'
          ? new MediaError('FFMPEG_NOT_FOUND', `ffmpeg could not be started (${ffmpeg})`, {
              cause: error
            })
          : error
    })
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      if (failure !== undefined) reject(failure)
      else resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr })
    })
  })
}
