// Builds the real services over a temp folder for tests: stores on disk, real sharp, an event
// log, and the caller's engine.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEventBus } from '../../main/services/event-bus'
import type { EventMessage } from '../../preload/contract/events'
import { AttachmentStore } from '../../main/services/attachment-store'
import type { ChatEngine } from '../../main/services/chat-engine'
import { ConversationService } from '../../main/services/conversation-service'
import { ConversationStore } from '../../main/services/conversation-store'
import type { VideoTools } from '../../main/services/video-tools'

export const FIXTURE_IMAGES = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'shared',
  'fixtures',
  'images'
)

export const noVideo: VideoTools = {
  probe: async () => {
    throw new Error('video support is not part of this test')
  },
  chooseFrameIndices: () => [],
  extractFrames: async () => []
}

export async function serviceFixture(engine: ChatEngine | null, video: VideoTools = noVideo) {
  const root = await mkdtemp(join(tmpdir(), 'mpp-services-'))
  const events = createEventBus()
  const log: EventMessage[] = []
  events.subscribe((message) => log.push(message))
  const store = new ConversationStore({ dir: join(root, 'conversations') })
  const attachments = new AttachmentStore(join(root, 'attachments'), video)
  const service = new ConversationService({
    store,
    attachments,
    events,
    engine: () => {
      if (!engine) throw new Error('no engine in this test')
      return engine
    }
  })
  return { root, events, log, store, attachments, service }
}
