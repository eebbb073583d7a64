// An ApiClient double for store and component tests: records every request, answers from
// per-route handlers, and lets the test emit main's events.
import type { EventMessage } from '../../../preload/contract/events'
import type { RouteName } from '../../../preload/contract/routes'
import type { AttachmentInfo, Conversation } from '../../../preload/contract/types'
import { AppError } from '../../../renderer/src/api/app-error'
import type { ApiClient } from '../../../renderer/src/api/client'

type Answer = (input: unknown) => unknown

export interface FakeClient extends ApiClient {
  readonly calls: { route: string; input: unknown }[]
  answers: Partial<Record<RouteName, Answer>>
  files: Record<string, AttachmentInfo | AppError>
  emit(message: EventMessage): void
}

export function conversationFixture(patch: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c-1',
    title: 'New conversation',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    settings: {
      system: 'You are a helpful assistant.',
      options: {
        doSample: false,
        temperature: 1,
        topK: 50,
        topP: 1,
        repetitionPenalty: 1,
        numBeams: 1,
        maxNewTokens: 512,
        seed: 42
      }
    },
    attachments: [],
    carriedAttachmentIds: [],
    turns: [],
    ...patch
  }
}

export function imageInfo(id: string, name: string): AttachmentInfo {
  return {
    id: id.repeat(64).slice(0, 64),
    name,
    kind: 'image',
    bytes: 2048,
    width: 640,
    height: 480,
    thumbnail: 'data:image/jpeg;base64,AA==',
    video: null
  }
}

export function createFakeClient(): FakeClient {
  const listeners = new Set<(message: EventMessage) => void>()
  const client: FakeClient = {
    calls: [],
    answers: {},
    files: {},
    request: async (route, input) => {
      client.calls.push({ route, input })
      const answer = client.answers[route]
      if (!answer) throw new AppError('UNAVAILABLE', `no fake answer for ${route}`)
      return answer(input) as never
    },
    onEvent: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    exportDownloadUrl: (name) => `http://fake.test/exports/${encodeURIComponent(name)}.zip`,
    pathsAllowed: () => Promise.resolve(true),
    pickPath: null,
    addFile: async (file) => {
      const result = client.files[file.name]
      if (!result) throw new AppError('UNREADABLE_FILE', `${file.name} is unknown to the fake`)
      if (result instanceof AppError) throw result
      return result
    },
    importConversation: async (file) => {
      const answer = client.answers['conversation.importPath']
      if (!answer) throw new AppError('BAD_INPUT', `${file.name} is unknown to the fake`)
      return answer({ path: file.name }) as Conversation
    },
    emit: (message) => {
      for (const listener of listeners) listener(message)
    }
  }
  return client
}
