// The native open dialog behind window.api.pickPath: the renderer asks for one file or one folder
// (e.g. the seed's checkpoints to convert) and gets its path, or null when the user cancels.
// Only our own window's main frame may ask, as for requests.
import { z } from 'zod'
import { IPC_CHANNELS } from '../../preload/contract/channels'
import { isTrustedSenderUrl, type RendererOrigin } from './validate-sender'

const PathKindSchema = z.enum(['file', 'folder'])

interface PickerSender {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}

/** The part of Electron's ipcMain the picker uses. */
export interface PickerIpcLike {
  handle(
    channel: string,
    listener: (event: PickerSender, ...args: unknown[]) => Promise<string | null>
  ): void
  removeHandler(channel: string): void
}

/** The part of Electron's dialog the picker uses. */
export interface OpenDialogLike {
  showOpenDialog(options: {
    properties: ('openFile' | 'openDirectory')[]
  }): Promise<{ canceled: boolean; filePaths: string[] }>
}

export function registerPathPicker(
  ipcMain: PickerIpcLike,
  dialog: OpenDialogLike,
  origin: RendererOrigin
): () => void {
  ipcMain.handle(IPC_CHANNELS.pickPath, async (event, kind: unknown) => {
    const frameUrl = event.senderFrame?.url ?? ''
    if (!isTrustedSenderUrl(frameUrl, origin) || event.senderFrame?.parent) return null
    const parsed = PathKindSchema.safeParse(kind)
    if (!parsed.success) return null
    const result = await dialog.showOpenDialog({
      properties: [parsed.data === 'folder' ? 'openDirectory' : 'openFile']
    })
    return result.canceled ? null : (result.filePaths[0] ?? null)
  })
  return () => ipcMain.removeHandler(IPC_CHANNELS.pickPath)
}
