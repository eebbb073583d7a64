// The `mpp serve --api …` flags: the OpenAI-compatible API's port, key, queue, time and media
// limits for the run, read into the API service's overrides.
import type { Command } from 'commander'
import { DEFAULT_API_PORT, type ApiRunOverrides } from '../../api-server/api-server-service'
import { DEFAULT_MAX_QUEUED, DEFAULT_REQUEST_TIMEOUT_MS } from '../../api-server/api-server'
import { DEFAULT_MEDIA_LIMITS } from '../../api-server/media-intake'
import { MppError } from '../../shared/errors'

export interface ServeApiFlags {
  api?: boolean
  apiPort: string
  apiKey?: string
  apiQueue: string
  apiTimeout: string
  apiMaxImages: string
  apiMaxImageMb: string
}

const MB = 1024 * 1024

export function addServeApiFlags(command: Command): Command {
  return command
    .option('--api', 'also serve the OpenAI-compatible API (POST /v1/chat/completions)')
    .option('--api-port <n>', 'port of the API (0 picks a free one)', String(DEFAULT_API_PORT))
    .option(
      '--api-key <key>',
      'the bearer key clients must send (default: MPP_API_KEY, or a new one)'
    )
    .option('--api-queue <n>', 'requests that may wait for the model', String(DEFAULT_MAX_QUEUED))
    .option(
      '--api-timeout <s>',
      'wall-clock limit of one request, in seconds',
      String(DEFAULT_REQUEST_TIMEOUT_MS / 1000)
    )
    .option('--api-max-images <n>', 'images per request', String(DEFAULT_MEDIA_LIMITS.maxImages))
    .option(
      '--api-max-image-mb <n>',
      'size limit of one image, in MB',
      String(DEFAULT_MEDIA_LIMITS.maxImageBytes / MB)
    )
}

function whole(flag: string, text: string, min: number, max: number): number {
  const value = Number(text)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MppError('SERVE_BAD_FLAG', `--${flag} expects a whole number from ${min} to ${max}`)
  }
  return value
}

/** The API's settings for this run, or undefined without --api. */
export function readServeApiFlags(
  flags: ServeApiFlags,
  host: string,
  env: NodeJS.ProcessEnv = process.env
): ApiRunOverrides | undefined {
  if (flags.api !== true) return undefined
  const key = flags.apiKey ?? env.MPP_API_KEY
  if (key !== undefined && key.length < 8) {
    throw new MppError('SERVE_BAD_FLAG', 'The API key must be at least 8 characters long')
  }
  return {
    host,
    port: whole('api-port', flags.apiPort, 0, 65535),
    key,
    maxQueued: whole('api-queue', flags.apiQueue, 0, 1000),
    requestTimeoutMs: whole('api-timeout', flags.apiTimeout, 1, 86_400) * 1000,
    limits: {
      ...DEFAULT_MEDIA_LIMITS,
      maxImages: whole('api-max-images', flags.apiMaxImages, 1, 256),
      maxImageBytes: whole('api-max-image-mb', flags.apiMaxImageMb, 1, 200) * MB
    }
  }
}
