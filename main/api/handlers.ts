// The handler map: one thin function per route, each calling a service. Exhaustive by type
// (HandlerMap), so a route without a handler does not compile.
import { Readable } from 'node:stream'
import type { ServiceSet } from '../services/service-set'
import { exportConversation, exportFolder } from '../services/export'
import { ApiError } from './api-error'
import type { HandlerMap } from './router'

export function createHandlers(app: ServiceSet): HandlerMap {
  const { conversations, attachments, models, settings } = app
  const pathOf = (id: string): Promise<string> => attachments.pathOf(id)
  return {
    'conversation.list': () => conversations.list(),
    'conversation.search': ({ query }) => conversations.search(query),
    'conversation.create': ({ title }) => conversations.create(title),
    'conversation.get': ({ id }) => conversations.get(id),
    'conversation.rename': ({ id, title }) => conversations.rename(id, title),
    'conversation.delete': async ({ id }) => {
      await conversations.remove(id)
      return null
    },
    'conversation.clearHistory': ({ id }) => conversations.clearHistory(id),
    'conversation.updateSettings': ({ id, patch }) => conversations.updateSettings(id, patch),
    'conversation.resetSettings': ({ id }) => conversations.resetSettings(id),
    'conversation.send': ({ id, query, attachments: outgoing }) =>
      conversations.send(id, query, outgoing),
    'conversation.stop': async ({ id }) => {
      await conversations.stop(id)
      return null
    },
    'conversation.regenerate': ({ id }) => conversations.regenerate(id),
    'conversation.selectAnswer': ({ id, turnId, index }) =>
      conversations.selectAnswer(id, turnId, index),
    'conversation.branch': ({ id, turnId, title }) => conversations.branch(id, turnId, title),
    'conversation.setPinned': ({ id, pinned }) => conversations.setPinned(id, pinned),
    'conversation.editAnswer': ({ id, turnId, response }) =>
      conversations.editAnswer(id, turnId, response),
    'conversation.editAndResend': ({ id, turnId, query }) =>
      conversations.editAndResend(id, turnId, query),
    'conversation.export': async ({ id, format }) => {
      const conversation = await conversations.get(id)
      try {
        return await exportConversation(conversation, format, app.exportsDir, pathOf)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new ApiError('EXPORT_FAILED', `Export failed: ${reason}`, { cause: error })
      }
    },
    'conversation.revealExport': async ({ name }) => {
      if (!app.revealPath) {
        throw new ApiError('UNAVAILABLE', 'Showing a folder works in the desktop app only')
      }
      app.revealPath(await exportFolder(app.exportsDir, name))
      return null
    },
    'conversation.importPath': ({ path }) => conversations.importFrom(path),
    'attachments.addPath': ({ path }) => attachments.addPath(path),
    'attachments.addBytes': ({ name, bytes }) =>
      attachments.addStream(
        name,
        Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)])
      ),
    'attachments.get': ({ id }) => attachments.get(id),
    'attachments.preview': async ({ id }) => ({ dataUrl: await attachments.preview(id) }),
    'attachments.frameStrip': ({ id, frames }) => attachments.frameStrip(id, frames),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'apiServer.status': async () => app.apiServer.status(),
    'apiServer.configure': (patch) => app.apiServer.configure(patch),
    'apiServer.newKey': () => app.apiServer.newKey(),
    'apiServer.revokeKey': () => app.apiServer.revokeKey(),
    'model.status': async () => models.status(),
    'model.list': () => models.list(),
    'model.load': ({ packagePath, split }) => models.load(packagePath, split),
    'model.loadDemo': () => models.loadDemo(),
    'model.restart': () => models.restart(),
    'model.plan': ({ packagePath, split }) => app.planPlacement(packagePath, split),
    'model.convert': (input) => app.convertModel(input)
  }
}
