// The composition root: builds every app service over one data folder and the router over them,
// for any front door (Electron or `mpp serve`). Front doors pass in how to start the model host
// and how to read videos. Sits above api/ and services/, so neither imports the other back.
import { basename, join } from 'node:path'
import type { PlacementPreview } from '../preload/contract/types'
import { ApiServerService } from './api-server/api-server-service'
import { createHandlers } from './api/handlers'
import { createRouter, type Router } from './api/router'
import { AttachmentStore } from './services/attachment-store'
import { ConversationService } from './services/conversation-service'
import { ConversationStore } from './services/conversation-store'
import { createEventBus } from './services/event-bus'
import { convertSeedFiles, previewPlacement } from './services/model-planning'
import { ModelService, type HostClientLike } from './services/model-service'
import type { ServiceSet } from './services/service-set'
import { SettingsStore } from './services/settings-store'
import type { VideoTools } from './services/video-tools'

export type { ConvertInput, ServiceSet } from './services/service-set'

export interface AppServices extends ServiceSet {
  readonly apiServer: ApiServerService
  readonly router: Router
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
  /** Log lines of the local API server (one per request). */
  readonly apiLog?: (line: string) => void
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
  const apiServer = new ApiServerService({
    dataDir: options.dataDir,
    events,
    log: options.apiLog,
    backend: {
      engine: () => models.engine(),
      modelId: () => {
        const { state, packagePath } = models.status()
        const ready = state === 'ready' || state === 'restarting'
        return ready && packagePath ? basename(packagePath) : null
      }
    }
  })
  const app: ServiceSet = {
    dataDir: options.dataDir,
    exportsDir: options.exportsDir ?? join(options.dataDir, 'exports'),
    revealPath: options.revealPath ?? null,
    events,
    conversations,
    attachments,
    models,
    settings,
    apiServer,
    planPlacement: options.planPlacement ?? previewPlacement,
    convertModel: async ({ name, ...sources }) => {
      const out = join(modelsDir, name)
      return convertSeedFiles(sources, out, (progress) => events.emit('convert.progress', progress))
    },
    dispose: async () => {
      await apiServer.dispose()
      await models.dispose()
    }
  }
  return { ...app, apiServer, router: createRouter(createHandlers(app), options.onUnexpected) }
}
