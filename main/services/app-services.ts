// Builds every app service over one data folder, for any front door (Electron or `mpp serve`):
// stores, conversation and model services, the event bus and the router. Front doors pass in how
// to start the model host and how to read videos.
import { join } from 'node:path'
import type { PlacementPreview, ModelPackageEntry } from '../../preload/contract/types'
import { createEventBus, type EventBus } from '../api/event-bus'
import { createHandlers } from '../api/handlers'
import { createRouter, type Router } from '../api/router'
import { AttachmentStore } from './attachment-store'
import { ConversationService } from './conversation-service'
import { ConversationStore } from './conversation-store'
import { convertSeedFiles, previewPlacement, type ConvertSources } from './model-planning'
import { ModelService, type HostClientLike } from './model-service'
import { SettingsStore } from './settings-store'
import type { VideoTools } from './video-tools'

export interface ConvertInput extends ConvertSources {
  readonly name: string
}

export interface AppServicesOptions {
  readonly dataDir: string
  /** Where exports go; default DATA/exports. */
  readonly exportsDir?: string
  /** Shows a file or folder in the system's file manager (the desktop app only). */
  readonly revealPath?: (path: string) => void
  readonly startHost: () => Promise<HostClientLike>
  readonly video: VideoTools
  readonly ensureDemoModel: () => Promise<string>
  readonly demoNotice: string
  readonly modelsDir?: string
  readonly planPlacement?: (packagePath: string, split?: number[]) => Promise<PlacementPreview>
  readonly onUnexpected?: (route: string, error: unknown) => void
}

export interface AppServices {
  readonly dataDir: string
  readonly exportsDir: string
  readonly revealPath: ((path: string) => void) | null
  readonly events: EventBus
  readonly conversations: ConversationService
  readonly attachments: AttachmentStore
  readonly models: ModelService
  readonly settings: SettingsStore
  readonly router: Router
  planPlacement(packagePath: string, split?: number[]): Promise<PlacementPreview>
  convertModel(input: ConvertInput): Promise<ModelPackageEntry>
  dispose(): Promise<void>
}

export function createAppServices(options: AppServicesOptions): AppServices {
  const events = createEventBus()
  const modelsDir = options.modelsDir ?? join(options.dataDir, 'models')
  const notice = (message: string): void => events.emit('notice', { level: 'warning', message })
  const settings = new SettingsStore(join(options.dataDir, 'settings.json'), notice)
  const store = new ConversationStore({
    dir: join(options.dataDir, 'conversations'),
    onDamaged: (file, aside, reason) =>
      notice(
        `A conversation file could not be read (${reason}) and was set aside: ${aside} (was ${file})`
      )
  })
  const attachments = new AttachmentStore(join(options.dataDir, 'attachments'), options.video)
  const models = new ModelService({
    events,
    startHost: options.startHost,
    modelsDir,
    ensureDemoModel: options.ensureDemoModel,
    demoNotice: options.demoNotice,
    remember: async (packagePath) => {
      await settings.update({ modelPackage: packagePath })
    },
    recall: async () => (await settings.get()).modelPackage
  })
  const conversations = new ConversationService({
    store,
    attachments,
    events,
    engine: () => models.engine(),
    chatDefaults: async () => (await settings.get()).chatDefaults
  })
  const app: Omit<AppServices, 'router'> = {
    dataDir: options.dataDir,
    exportsDir: options.exportsDir ?? join(options.dataDir, 'exports'),
    revealPath: options.revealPath ?? null,
    events,
    conversations,
    attachments,
    models,
    settings,
    planPlacement: options.planPlacement ?? previewPlacement,
    convertModel: async ({ name, ...sources }) => {
      const out = join(modelsDir, name)
      return convertSeedFiles(sources, out, (progress) => events.emit('convert.progress', progress))
    },
    dispose: () => models.dispose()
  }
  return { ...app, router: createRouter(createHandlers(app), options.onUnexpected) }
}
