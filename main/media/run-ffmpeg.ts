// Runs one ffmpeg child with a time limit and AbortSignal support. The promise settles only
// after the child has exited (and its stdout is drained into the sink), so a cancelled or
// timed-out run never leaves ffmpeg behind and no byte arrives after it settles.
import { spawn } from 'node:child_process'
import type { Socket } from 'node:net'
import { resolve } from 'node:path'
import { MediaError } from './errors'
import type { ByteSink } from './ppm-stream'
import { openSocketPair, socketPairSupported } from './socket-pair'

export interface RunFfmpegOptions {
  /** File name for error messages. */
  name: string
  timeoutMs: number
  signal?: AbortSignal
  /**
   * Receives stdout as it arrives, through a local socket pair where the platform has one (no
   * extra copy) or the stdout pipe; when absent stdout is collected into the result.
   */
  sink?: ByteSink
}

export interface RunFfmpegResult {
  exitCode: number | null
  stdout: string
  stderr: string
}

const STDERR_LIMIT = 256 * 1024

/** What every run puts before its own arguments. */
export const FFMPEG_LEADING_ARGS = ['-nostdin', '-hide_banner'] as const

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

export async function runFfmpeg(
  ffmpeg: string,
  args: readonly string[],
  options: RunFfmpegOptions
): Promise<RunFfmpegResult> {
  const { name, signal, sink } = options
  if (signal?.aborted) throw cancelledError(name)
  let failure: unknown
  let stopChild = (): void => {}
  const stop = (reason: unknown): void => {
    if (failure === undefined) failure = reason
    stopChild()
  }
  // Without a socket (no usable temporary folder, or its path too long for one) the pipe serves.
  const pair =
    sink && socketPairSupported
      ? await openSocketPair(sink, (error) => stop(error)).catch(() => undefined)
      : undefined
  if (signal?.aborted) {
    pair?.reader.destroy()
    pair?.writer.destroy()
    throw cancelledError(name)
  }
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, [...FFMPEG_LEADING_ARGS, ...args], {
      stdio: ['ignore', pair?.writer ?? 'pipe', 'pipe'],
      windowsHide: true
    })
    // The child holds its own copy of the writing end; ours would keep the reader from its end.
    pair?.writer.destroy()
    let stderr = ''
    const stdout: Buffer[] = []
    stopChild = () => {
      child.kill('SIGKILL')
      pair?.reader.destroy()
    }
    const drained = pair ? readerClosed(pair.reader, stop) : Promise.resolve()
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
    child.stdout?.on('data', (chunk: Buffer) => {
      if (failure !== undefined) return
      if (!sink) {
        stdout.push(chunk)
        return
      }
      try {
        sink.push(chunk)
      } catch (error) {
        stop(error)
      }
    })
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (text: string) => {
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
      void drained.then(() => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        if (failure !== undefined) reject(failure)
        else resolve({ exitCode, stdout: Buffer.concat(stdout).toString('utf8'), stderr })
      })
    })
  })
}

/** Settles once the reading socket has closed: at the end of stdout, or when destroyed. */
function readerClosed(reader: Socket, stop: (reason: unknown) => void): Promise<void> {
  return new Promise((resolve) => {
    reader.on('error', (error) => stop(error))
    reader.once('close', () => resolve())
  })
}
