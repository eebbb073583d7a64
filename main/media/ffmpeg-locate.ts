// Finds the ffmpeg executable: a configured path (option or MPP_FFMPEG) first, then the binary
// of the optional `ffmpeg-static` package (absent when its download failed), then `ffmpeg` on
// PATH. ffprobe is never needed: probing is done with ffmpeg itself.
import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { delimiter, join, sep } from 'node:path'
import { MediaError } from './errors'

export type FfmpegSource = 'configured' | 'ffmpeg-static' | 'path'

export interface FfmpegLocation {
  path: string
  source: FfmpegSource
}

export interface LocateOptions {
  /** Explicit ffmpeg executable; wins over everything else. */
  ffmpegPath?: string
  /** Environment to read MPP_FFMPEG and PATH from (default: process.env). */
  env?: NodeJS.ProcessEnv
  /** Whether to consider the ffmpeg-static package (default true). */
  useFfmpegStatic?: boolean
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK)
    return true
  } catch {
    return false
  }
}

function ffmpegStaticPath(): string | undefined {
  try {
    const resolved: unknown = createRequire(import.meta.url)('ffmpeg-static')
    if (typeof resolved !== 'string') return undefined
    // Inside a packaged Electron app the binary is unpacked next to the asar archive.
    return resolved.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`)
  } catch {
    return undefined
  }
}

/** Resolves the ffmpeg to run, or throws FFMPEG_NOT_FOUND saying where it looked. */
export async function findFfmpeg(options: LocateOptions = {}): Promise<FfmpegLocation> {
  const env = options.env ?? process.env
  const configured = options.ffmpegPath ?? env.MPP_FFMPEG
  if (configured) {
    if (await isExecutable(configured)) return { path: configured, source: 'configured' }
    throw new MediaError(
      'FFMPEG_NOT_FOUND',
      `the configured ffmpeg (${configured}) does not exist or is not executable`
    )
  }
  if (options.useFfmpegStatic !== false) {
    const bundled = ffmpegStaticPath()
    if (bundled && (await isExecutable(bundled))) return { path: bundled, source: 'ffmpeg-static' }
  }
  const names = process.platform === 'win32' ? ['ffmpeg.exe', 'ffmpeg'] : ['ffmpeg']
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue
    for (const name of names) {
      const candidate = join(dir, name)
      if (await isExecutable(candidate)) return { path: candidate, source: 'path' }
    }
  }
  throw new MediaError(
    'FFMPEG_NOT_FOUND',
    'ffmpeg was not found: set MPP_FFMPEG to its path, reinstall to fetch ffmpeg-static, ' +
      'or install ffmpeg on PATH'
  )
}
