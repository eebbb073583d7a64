// The local API server as an app service: its settings (on/off, port, key, loopback without a
// key) in api-server.json beside the app's settings, starting and stopping the listener to match,
// the request log, and a status event on every change. The desktop app and `mpp serve` switch it
// from settings; `mpp serve --api` starts it with the command line's host, port and key.
import { randomBytes } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import type { ApiServerStatus } from '../../preload/contract/types'
import type { EventBus } from '../services/event-bus'
import { writeFileAtomic } from '../services/atomic-file'
import { startApiServer, type ApiServer, type ApiServerOptions } from './api-server'
import type { ApiBackend } from './chat-endpoint'
import { RequestLog, formatLogEntry } from './request-log'

export const DEFAULT_API_PORT = 8719
export const DEFAULT_API_HOST = '127.0.0.1'

const SettingsFileSchema = z.strictObject({
  version: z.literal(1),
  enabled: z.boolean(),
  port: z.number().int().min(1).max(65535),
  allowLoopbackWithoutKey: z.boolean(),
  key: z.string().min(16).nullable()
})
type StoredSettings = z.infer<typeof SettingsFileSchema>

/** What `mpp serve --api` sets for this run (nothing of it is saved, except a new key). */
export type ApiRunOverrides = Partial<
  Pick<ApiServerOptions, 'limits' | 'maxQueued' | 'requestTimeoutMs'>
> & {
  readonly host?: string
  readonly port?: number
  readonly key?: string
}

export interface ApiServerServiceDeps {
  readonly dataDir: string
  readonly events: EventBus
  readonly backend: ApiBackend
  /** Each request's log line (the CLI prints them). */
  readonly log?: (line: string) => void
}

export function newApiKey(): string {
  return `mpp-${randomBytes(24).toString('base64url')}`
}

export class ApiServerService {
  private settings: StoredSettings | null = null
  private server: ApiServer | null = null
  private error: string | null = null
  private overrides: ApiRunOverrides | null = null
  private readonly requests = new RequestLog()
  private change: Promise<unknown> = Promise.resolve()

  constructor(private readonly deps: ApiServerServiceDeps) {}

  private get path(): string {
    return join(this.deps.dataDir, 'api-server.json')
  }

  /** Starts the server when settings have it switched on. */
  async init(): Promise<ApiServerStatus> {
    return this.serialise(async () => {
      await this.apply()
      return this.status()
    })
  }

  /** `mpp serve --api`: on for this run, with the given host, port, key and limits. */
  async startForRun(overrides: ApiRunOverrides): Promise<ApiServerStatus> {
    return this.serialise(async () => {
      this.overrides = overrides
      const settings = await this.load()
      if (settings.key === null && overrides.key === undefined) {
        await this.save({ ...settings, key: newApiKey() })
      }
      await this.apply()
      return this.status()
    })
  }

  configure(
    patch: Partial<Pick<StoredSettings, 'enabled' | 'port' | 'allowLoopbackWithoutKey'>>
  ): Promise<ApiServerStatus> {
    return this.serialise(async () => {
      const settings = await this.load()
      const next = { ...settings, ...patch }
      // Switching on without a key makes one, so the server is never open by accident.
      if (next.enabled && next.key === null) next.key = newApiKey()
      if (patch.enabled === false) this.overrides = null
      await this.save(next)
      await this.apply()
      return this.status()
    })
  }

  newKey(): Promise<ApiServerStatus> {
    return this.serialise(async () => {
      if (this.overrides?.key !== undefined) this.overrides = { ...this.overrides, key: undefined }
      await this.save({ ...(await this.load()), key: newApiKey() })
      return this.status()
    })
  }

  revokeKey(): Promise<ApiServerStatus> {
    return this.serialise(async () => {
      if (this.overrides?.key !== undefined) this.overrides = { ...this.overrides, key: undefined }
      await this.save({ ...(await this.load()), key: null })
      return this.status()
    })
  }

  status(): ApiServerStatus {
    const settings = this.settings ?? defaults()
    return {
      enabled: this.overrides !== null || settings.enabled,
      running: this.server !== null,
      url: this.server?.url ?? null,
      host: this.server?.host ?? this.overrides?.host ?? DEFAULT_API_HOST,
      port: this.server?.port ?? this.overrides?.port ?? settings.port,
      key: this.currentKey(),
      allowLoopbackWithoutKey: settings.allowLoopbackWithoutKey,
      error: this.error,
      log: this.requests.list()
    }
  }

  async dispose(): Promise<void> {
    await this.serialise(() => this.stop())
  }

  private currentKey(): string | null {
    return this.overrides?.key ?? this.settings?.key ?? null
  }

  /** Runs the listener when enabled, on the wanted address; stops it otherwise. */
  private async apply(): Promise<void> {
    const settings = await this.load()
    const wanted = this.overrides !== null || settings.enabled
    const host = this.overrides?.host ?? DEFAULT_API_HOST
    const port = this.overrides?.port ?? settings.port
    if (
      this.server &&
      (!wanted || this.server.host !== host || (port !== 0 && this.server.port !== port))
    ) {
      await this.stop()
    }
    this.error = null
    if (wanted && !this.server) {
      try {
        this.server = await startApiServer({
          backend: this.deps.backend,
          host,
          port,
          key: () => this.currentKey(),
          allowLoopbackWithoutKey: () => this.settings?.allowLoopbackWithoutKey === true,
          dataDir: this.deps.dataDir,
          limits: this.overrides?.limits,
          maxQueued: this.overrides?.maxQueued,
          requestTimeoutMs: this.overrides?.requestTimeoutMs,
          onRequest: (entry) => {
            this.requests.add(entry)
            this.deps.log?.(formatLogEntry(entry))
            this.announce()
          }
        })
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        this.error = `The API server could not listen on ${host}:${port}: ${reason}`
      }
    }
    this.announce()
  }

  private async stop(): Promise<void> {
    const server = this.server
    this.server = null
    await server?.close()
  }

  private async load(): Promise<StoredSettings> {
    if (this.settings) return this.settings
    const text = await readFile(this.path, 'utf8').catch(() => null)
    const parsed = text === null ? null : SettingsFileSchema.safeParse(safeJson(text))
    this.settings = parsed?.success ? parsed.data : defaults()
    return this.settings
  }

  private async save(next: StoredSettings): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true })
    await writeFileAtomic(this.path, JSON.stringify(next, null, 2))
    this.settings = next
    this.announce()
  }

  private announce(): void {
    this.deps.events.emit('apiServer.status', { status: this.status() })
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const run = this.change.catch(() => undefined).then(work)
    this.change = run
    return run
  }
}

function defaults(): StoredSettings {
  return {
    version: 1,
    enabled: false,
    port: DEFAULT_API_PORT,
    allowLoopbackWithoutKey: false,
    key: null
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
