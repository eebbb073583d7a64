// The set of app services one data folder gets (stores, conversation and model services, the event
// bus, exports and model planning): what the api handlers work on. main/app.ts builds it.
import type { PlacementPreview, ModelPackageEntry } from '../../preload/contract/types'
import type { AttachmentStore } from './attachment-store'
import type { ConversationService } from './conversation-service'
import type { EventBus } from './event-bus'
import type { ConvertSources } from './model-planning'
import type { ModelService } from './model-service'
import type { SettingsStore } from './settings-store'

export interface ConvertInput extends ConvertSources {
  readonly name: string
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
  planPlacement(packagePath: string, split?: number[]): Promise<PlacementPreview>
  convertModel(input: ConvertInput): Promise<ModelPackageEntry>
  dispose(): Promise<void>
}
