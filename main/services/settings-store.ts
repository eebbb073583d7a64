// App-wide preferences (language, theme, last model package) in one versioned JSON file, written
// atomically; an unreadable file falls back to defaults and is set aside.
import { readFile, rename } from 'node:fs/promises'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { AppSettingsSchema } from '../../preload/contract/schemas'
import type { AppSettings } from '../../preload/contract/types'
import { writeFileAtomic } from './atomic-file'

const SettingsFileSchema = z.strictObject({ version: z.literal(1), settings: AppSettingsSchema })

export const DEFAULT_APP_SETTINGS: AppSettings = {
  language: null,
  theme: 'system',
  modelPackage: null
}

export class SettingsStore {
  private cached: AppSettings | null = null

  constructor(
    private readonly path: string,
    private readonly onDamaged: (message: string) => void = () => {}
  ) {}

  async get(): Promise<AppSettings> {
    if (this.cached) return this.cached
    const text = await readFile(this.path, 'utf8').catch(() => null)
    if (text === null) return (this.cached = { ...DEFAULT_APP_SETTINGS })
    try {
      this.cached = SettingsFileSchema.parse(JSON.parse(text)).settings
    } catch {
      const aside = `${this.path}.damaged-${Date.now()}`
      await rename(this.path, aside).catch(() => {})
      this.onDamaged(`Settings could not be read and were reset; the old file is at ${aside}`)
      this.cached = { ...DEFAULT_APP_SETTINGS }
    }
    return this.cached
  }

  async update(patch: Partial<AppSettings>): Promise<AppSettings> {
    const next = { ...(await this.get()), ...patch }
    await mkdir(dirname(this.path), { recursive: true })
    await writeFileAtomic(this.path, JSON.stringify({ version: 1, settings: next }, null, 2))
    this.cached = next
    return next
  }
}
