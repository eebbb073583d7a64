// The desktop client's file intake: a dropped or picked file goes to main as its path; a file
// with no path on disk (an image pasted from the clipboard) goes as its bytes. An export to
// import goes as its path only.
import { describe, expect, it } from 'vitest'
import type { BridgeApi } from '../../../preload/contract'
import { createElectronClient } from '../../../renderer/src/api/electron-client'

function fakeApi(path: string) {
  const requests: { route: string; input: unknown }[] = []
  const api: BridgeApi = {
    request: async (route, input) => {
      requests.push({ route, input })
      return { ok: true, value: { id: 'x' } }
    },
    on: () => () => undefined,
    pathForFile: () => path,
    pickPath: async (kind) => (kind === 'folder' ? '/home/me/Qwen-7B-Chat' : null)
  }
  return { api, requests }
}

describe('createElectronClient.addFile', () => {
  it('sends the path of a file that has one', async () => {
    const { api, requests } = fakeApi('/home/me/cat.jpg')
    await createElectronClient(api).addFile(new File([new Uint8Array([1, 2])], 'cat.jpg'))
    expect(requests).toEqual([
      { route: 'attachments.addPath', input: { path: '/home/me/cat.jpg' } }
    ])
  })

  it('sends the bytes of a pasted file, which has no path', async () => {
    const { api, requests } = fakeApi('')
    const content = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 7, 8, 9])
    await createElectronClient(api).addFile(new File([content], 'image.png'))
    expect(requests).toHaveLength(1)
    expect(requests[0].route).toBe('attachments.addBytes')
    const input = requests[0].input as { name: string; bytes: Uint8Array }
    expect(input.name).toBe('image.png')
    expect(Array.from(input.bytes)).toEqual(Array.from(content))
  })
})

describe('createElectronClient.importConversation', () => {
  it("sends the picked export's path, where main finds its images beside it", async () => {
    const { api, requests } = fakeApi('/home/me/exports/trip/conversation.json')
    await createElectronClient(api).importConversation(
      new File(['{}'], 'conversation.json', { type: 'application/json' })
    )
    expect(requests).toEqual([
      {
        route: 'conversation.importPath',
        input: { path: '/home/me/exports/trip/conversation.json' }
      }
    ])
  })

  it('refuses a file with no place on disk without asking main', async () => {
    const { api, requests } = fakeApi('')
    await expect(
      createElectronClient(api).importConversation(new File(['{}'], 'conversation.json'))
    ).rejects.toThrow('conversation.json is not a file on this computer')
    expect(requests).toEqual([])
  })
})

describe('createElectronClient paths', () => {
  it('reads typed paths and forwards the picker to the native dialog', async () => {
    const client = createElectronClient(fakeApi('').api)
    expect(await client.pathsAllowed()).toBe(true)
    expect(await client.pickPath?.('folder')).toBe('/home/me/Qwen-7B-Chat')
    expect(await client.pickPath?.('file')).toBeNull()
  })
})
