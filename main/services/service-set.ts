// The set of app services one data folder gets (stores, conversation and model services, the event
// bus, exports and model planning): what the api handlers work on. main/app.ts builds it.
import type { RouteInput } from '../../preload/contract/routes'
import type {
  ApiServerStatus,
  ModelPackageEntry,
  PlacementPreview
} from '../../preload/contract/types'
import type { AttachmentStore } from './attachment-store'
import type { ConversationService } from './conversation-service'
import type { EventBus } from './event-bus'
import type { ConvertSources } from './model-planning'
import type { ModelService } from './model-service'
import type { SettingsStore } from './settings-store'

export interface ConvertInput extends ConvertSources {
  readonly name: string
}

/** The local OpenAI-compatible API server as settings drive it (main/api-server implements it). */
export interface ApiServerControl {
  status(): ApiServerStatus
  configure(patch: RouteInput<'apiServer.configure'>): Promise<ApiServerStatus>
  newKey(): Promise<ApiServerStatus>
  revokeKey(): Promise<ApiServerStatus>
}

export interface ServiceSet {
  readonly dataDir: string
  readonly exportsDir: string
  readonly revealPath: ((path: string) => void) | null
  readonly events: EventBus
  readonly conversations: ConversationService
  readonly attachments: AttachmentStore
  readonly models: ModelService
  readonly settings: SettingsStore
  readonly apiServer: ApiServerControl
  planPlacement(packagePath: string, split?: number[]): Promise<PlacementPreview>
  convertModel(input: ConvertInput): Promise<ModelPackageEntry>
  dispose(): Promise<void>
}
