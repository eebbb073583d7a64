// The desktop app's file/folder picker behind window.api.pickPath: our window gets the native
// dialog for the kind it asked (a folder for Qwen-7B-Chat, a file for a .pth), a cancel answers
// null, and a frame from elsewhere or a kind outside the two never opens a dialog.
import { describe, expect, it } from 'vitest'
import { IPC_CHANNELS } from '../../../preload/contract/channels'
import { APP_ORIGIN } from '../../../main/electron/app-protocol'
import { registerPathPicker, type PickerIpcLike } from '../../../main/electron/path-picker'

type Handler = Parameters<PickerIpcLike['handle']>[1]

function setup(answer: { canceled: boolean; filePaths: string[] }) {
  const handlers = new Map<string, Handler>()
  const asked: string[][] = []
  const ipcMain: PickerIpcLike = {
    handle: (channel, handler) => void handlers.set(channel, handler),
    removeHandler: (channel) => void handlers.delete(channel)
  }
  const dialog = {
    showOpenDialog: async (options: { properties: string[] }) => {
      asked.push(options.properties)
      return answer
    }
  }
  const remove = registerPathPicker(ipcMain, dialog, { devUrl: null })
  const pick = (kind: unknown, url = `${APP_ORIGIN}/index.html`, parent: unknown = null) => {
    const handler = handlers.get(IPC_CHANNELS.pickPath)
    if (!handler) throw new Error('no picker registered')
    return handler({ senderFrame: { url, parent } }, kind)
  }
  return { pick, asked, handlers, remove }
}

describe('registerPathPicker', () => {
  it('opens a folder dialog for a folder and a file dialog for a file', async () => {
    const { pick, asked } = setup({ canceled: false, filePaths: ['/models/Qwen-7B-Chat'] })
    expect(await pick('folder')).toBe('/models/Qwen-7B-Chat')
    expect(await pick('file')).toBe('/models/Qwen-7B-Chat')
    expect(asked).toEqual([['openDirectory'], ['openFile']])
  })

  it('answers null when the user cancels', async () => {
    const { pick } = setup({ canceled: true, filePaths: [] })
    expect(await pick('file')).toBeNull()
  })

  it('never opens a dialog for another page, a subframe or an unknown kind', async () => {
    const { pick, asked } = setup({ canceled: false, filePaths: ['/etc/passwd'] })
    expect(await pick('file', 'https://evil.example/')).toBeNull()
    expect(await pick('file', `${APP_ORIGIN}/index.html`, {})).toBeNull()
    expect(await pick('anything')).toBeNull()
    expect(asked).toEqual([])
  })

  it('removes its handler when asked', () => {
    const { handlers, remove } = setup({ canceled: true, filePaths: [] })
    remove()
    expect(handlers.has(IPC_CHANNELS.pickPath)).toBe(false)
  })
})
