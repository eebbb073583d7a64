// The model as the app sees it: which package is loaded, its state and progress, load, demo
// fallback and restart. It owns the model host client (started lazily) and hands the
// conversation service an engine only while a model is ready.
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { placementFromInfo } from '../../preload/contract/model-placement'
import type { ModelPackageEntry, ModelState, ModelStatus } from '../../preload/contract/types'
import type { EventBus } from './event-bus'
import { ServiceError } from './service-error'
import { ModelPackage } from '../inference/package/model-package'
import { userMessage } from '../inference/user-message'
import type { ModelHostClient } from '../model-host/client'
import type { ChatEngine } from './chat-engine'

/** The members of the host client this service uses (tests pass a real client over a fake host). */
export type HostClientLike = Pick<
  ModelHostClient,
  'load' | 'generate' | 'restart' | 'dispose' | 'on' | 'state'
>

export interface ModelServiceDeps {
  readonly events: EventBus
  readonly startHost: () => Promise<HostClientLike>
  /** Folder holding converted packages (one folder each). */
  readonly modelsDir: string
  readonly ensureDemoModel: () => Promise<string>
  readonly demoNotice: string
  /** Remembers the last package loaded (settings), so the next start offers it. */
  readonly remember?: (packagePath: string) => Promise<void>
  /** The package remembered by `remember`, if any. */
  readonly recall?: () => Promise<string | null>
}

export class ModelService {
  private host: Promise<HostClientLike> | null = null
  /** The split the loaded model was placed with (reused when it has to be loaded again). */
  private loadedSplit: readonly number[] | undefined = undefined
  private current: ModelStatus = {
    state: 'none',
    packagePath: null,
    demo: false,
    demoNotice: null,
    error: null,
    loadMs: null,
    placement: null
  }

  constructor(private readonly deps: ModelServiceDeps) {}

  status(): ModelStatus {
    return this.current
  }

  /** The engine to answer with; NO_MODEL unless a model is loaded and the host is up. */
  engine(): ChatEngine {
    if (this.current.state !== 'ready' && this.current.state !== 'restarting') {
      throw new ServiceError('NO_MODEL', 'Load a model first (Model panel, or try the demo model)')
    }
    const host = this.host
    if (!host) throw new ServiceError('NO_MODEL', 'The model host is not running')
    return {
      generate: async (request, handlers, signal) =>
        (await host).generate(request, handlers, signal)
    }
  }

  async list(): Promise<ModelPackageEntry[]> {
    const names = await readdir(this.deps.modelsDir).catch(() => [] as string[])
    const entries: ModelPackageEntry[] = []
    for (const name of names) {
      const path = join(this.deps.modelsDir, name)
      const manifest = await readFile(join(path, 'manifest.json'), 'utf8').catch(() => null)
      if (manifest === null) continue
      entries.push({ path, name, demo: manifestSaysDemo(manifest) })
    }
    return entries
  }

  /**
   * Loads a package in place of the current model. A failed load never leaves the app without the
   * model that worked: a folder that is not a complete package is refused before the host is
   * asked, and when the host fails later (after it let the old model go) the old one is loaded
   * again. Either way the status says why the new one failed.
   */
  async load(
    packagePath: string,
    split?: readonly number[],
    { demo } = { demo: false }
  ): Promise<ModelStatus> {
    const info = await stat(packagePath).catch(() => null)
    if (!info?.isDirectory())
      throw new ServiceError('NOT_FOUND', `${packagePath} is not a model folder`)
    const previous = this.current.state === 'ready' ? this.current : null
    const failure = (error: unknown): string =>
      `Could not load ${basename(packagePath)}: ${userMessage(error)}`
    try {
      await ModelPackage.open(packagePath, { verify: 'size' })
    } catch (error) {
      if (previous) this.set({ error: failure(error) })
      else this.set({ state: 'failed', packagePath, error: failure(error) })
      return this.current
    }
    this.set({
      state: 'loading',
      packagePath,
      error: null,
      demo,
      demoNotice: demo ? this.deps.demoNotice : null,
      placement: null
    })
    try {
      await this.loadOnHost(packagePath, split)
      await this.deps.remember?.(packagePath)
    } catch (error) {
      const message = failure(error)
      if (previous?.packagePath && (await this.reloadPrevious(previous.packagePath))) {
        this.set({ ...previous, error: message })
      } else {
        this.set({ state: 'failed', error: message })
      }
    }
    return this.current
  }

  private async loadOnHost(packagePath: string, split?: readonly number[]): Promise<void> {
    const host = await this.ensureHost()
    const placement: Record<string, number[]> = split?.length ? { split: [...split] } : {}
    const result = await host.load(packagePath, placement, (progress) =>
      this.deps.events.emit('model.progress', progress)
    )
    this.loadedSplit = split
    this.set({
      state: 'ready',
      packagePath,
      demo: result.demo,
      demoNotice: result.demo ? this.deps.demoNotice : null,
      loadMs: result.loadMs,
      placement: placementFromInfo(result.info)
    })
  }

  /** Loads the model that worked before a failed load, with its placement; false if it fails. */
  private async reloadPrevious(packagePath: string): Promise<boolean> {
    try {
      await this.loadOnHost(packagePath, this.loadedSplit)
      return true
    } catch {
      return false
    }
  }

  async loadDemo(): Promise<ModelStatus> {
    // Said from the first moment, so the app can label the model as random while it is built.
    this.set({
      state: 'loading',
      packagePath: null,
      error: null,
      demo: true,
      demoNotice: this.deps.demoNotice,
      placement: null
    })
    let dir: string
    try {
      dir = await this.deps.ensureDemoModel()
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      this.set({ state: 'failed', error: message })
      return this.current
    }
    return this.load(dir, undefined, { demo: true })
  }

  /**
   * What a front door loads when it starts: the package it was given, else the one loaded last
   * time (when it still exists), else the built-in demo model, so a first run answers at once.
   */
  async loadAtStart(packagePath?: string): Promise<ModelStatus> {
    if (packagePath) return this.load(packagePath)
    const remembered = await this.deps.recall?.().catch(() => null)
    const usable = remembered ? await stat(remembered).catch(() => null) : null
    if (remembered && usable?.isDirectory()) return this.load(remembered)
    return this.loadDemo()
  }

  /** Starts a fresh host (after it gave up) and reloads the last package. */
  async restart(): Promise<ModelStatus> {
    const packagePath = this.current.packagePath
    if (this.host) {
      const host = await this.host.catch(() => null)
      this.host = null
      await host?.dispose().catch(() => {})
    }
    if (packagePath) return this.load(packagePath)
    this.set({ state: 'none', error: null, placement: null })
    return this.current
  }

  async dispose(): Promise<void> {
    const host = await this.host?.catch(() => null)
    this.host = null
    await host?.dispose()
  }

  private ensureHost(): Promise<HostClientLike> {
    if (!this.host) {
      this.set({ state: 'starting' })
      const starting = this.deps.startHost()
      this.host = starting
      starting.then(
        (host) => host.on('state', (state) => this.onHostState(state)),
        () => {
          if (this.host === starting) this.host = null
        }
      )
    }
    return this.host
  }

  private onHostState(state: HostClientLike['state']): void {
    if (this.current.state === 'none' || this.current.state === 'loading') return
    const mapped: Partial<Record<typeof state, ModelState>> = {
      ready: 'ready',
      restarting: 'restarting',
      reloading: 'restarting',
      failed: 'failed'
    }
    const next = mapped[state]
    if (!next) return
    this.set({
      state: next,
      error:
        next === 'failed' ? 'The model host stopped repeatedly; press Restart to try again' : null
    })
  }

  private set(patch: Partial<ModelStatus>): void {
    this.current = { ...this.current, ...patch }
    this.deps.events.emit('model.status', { status: this.current })
  }
}

function manifestSaysDemo(text: string): boolean {
  try {
    return (JSON.parse(text) as { demo?: unknown }).demo === true
  } catch {
    return false
  }
}
