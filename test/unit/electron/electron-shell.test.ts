// The Electron shell against a fake electron module: window security options, denied
// navigation and popups, CSP on responses, the IPC sender check, single-instance lock.
import { describe, expect, it, vi } from 'vitest'
import type { Router } from '../../../main/api/router'
import { registerIpc } from '../../../main/electron/ipc-bridge'
import { isTrustedSenderUrl } from '../../../main/electron/validate-sender'
import { createFakeElectron, FakeBrowserWindow } from '../../helpers/fake-electron'

const fake = createFakeElectron()
vi.mock('electron', () => fake.electron)

const origin = { devUrl: null }

describe('isTrustedSenderUrl', () => {
  it('accepts only the app:// renderer origin or the dev server', () => {
    expect(isTrustedSenderUrl('app://renderer/index.html', origin)).toBe(true)
    expect(isTrustedSenderUrl('app://renderer.evil/index.html', origin)).toBe(false)
    expect(isTrustedSenderUrl('file:///opt/app/out/renderer/index.html', origin)).toBe(false)
    expect(isTrustedSenderUrl('file:///etc/passwd', origin)).toBe(false)
    expect(isTrustedSenderUrl('https://example.com/', origin)).toBe(false)
    const dev = { ...origin, devUrl: 'http://localhost:5173' }
    expect(isTrustedSenderUrl('http://localhost:5173/#/chat', dev)).toBe(true)
    expect(isTrustedSenderUrl('http://localhost:5174/', dev)).toBe(false)
  })
})

describe('registerIpc', () => {
  it('checks the sender before routing', async () => {
    const { electron, handlers } = createFakeElectron()
    const calls: string[] = []
    const router: Router = {
      dispatch: async (route) => {
        calls.push(route)
        return { ok: true, value: 1 }
      }
    }
    registerIpc(electron.ipcMain, router, origin)
    const handle = handlers.get('mpp:request')!
    const fromOurs = {
      senderFrame: { url: 'app://renderer/index.html', parent: null }
    }
    const fromElsewhere = { senderFrame: { url: 'https://evil.example/', parent: null } }
    const fromSubframe = { senderFrame: { url: fromOurs.senderFrame.url, parent: {} } }
    expect(await handle(fromOurs, 'conversation.list', {})).toEqual({ ok: true, value: 1 })
    expect(await handle(fromElsewhere, 'conversation.list', {})).toMatchObject({
      error: { code: 'FORBIDDEN' }
    })
    expect(await handle(fromSubframe, 'conversation.list', {})).toMatchObject({
      error: { code: 'FORBIDDEN' }
    })
    expect(calls).toEqual(['conversation.list'])
  })
})

describe('main entry', () => {
  it('opens one sandboxed window with the preload, CSP, and no popups or navigation', async () => {
    await import('../../../main/index')
    fake.becomeReady()
    await vi.waitFor(() => expect(FakeBrowserWindow.created).toHaveLength(1))
    const window = FakeBrowserWindow.created[0]
    const prefs = window.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false })
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/)
    expect(window.loaded).toBe('app://renderer/index.html')
    expect(window.webContents.windowOpenHandler?.({ url: 'https://x.example' })).toEqual({
      action: 'deny'
    })
    const navigation = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true
      }
    }
    window.webContents.emit('will-navigate', navigation)
    expect(navigation.defaultPrevented).toBe(true)
    expect(fake.handlers.has('mpp:request')).toBe(true)
    let headers: Record<string, string[]> = {}
    fake.cspHooks[0](
      { responseHeaders: {} },
      (result: { responseHeaders: Record<string, string[]> }) => {
        headers = result.responseHeaders
      }
    )
    expect(headers['Content-Security-Policy'][0]).toContain("default-src 'self'")
  })

  it('exports into Documents/MPP Desktop exports and shows the export in the file manager', async () => {
    const handle = fake.handlers.get('mpp:request')!
    const sender = {
      senderFrame: { url: String(FakeBrowserWindow.created[0].loaded), parent: null }
    }
    const created = (await handle(sender, 'conversation.create', { title: 'Trip' })) as {
      value: { id: string }
    }
    const exported = (await handle(sender, 'conversation.export', {
      id: created.value.id,
      format: 'markdown'
    })) as { value: { name: string; path: string } }
    const folder = `/tmp/mpp-fake-electron-documents/MPP Desktop exports/${exported.value.name}`
    expect(exported.value.path).toBe(`${folder}/conversation.md`)
    expect(
      await handle(sender, 'conversation.revealExport', { name: exported.value.name })
    ).toEqual({ ok: true, value: null })
    expect(fake.revealed).toEqual([folder])
    expect(await handle(sender, 'conversation.revealExport', { name: '../../etc' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' }
    })
  })

  it('stores a pasted file sent as bytes, and refuses a name that is a path', async () => {
    const { readFile } = await import('node:fs/promises')
    const { createHash } = await import('node:crypto')
    const { join } = await import('node:path')
    const handle = fake.handlers.get('mpp:request')!
    const sender = {
      senderFrame: { url: String(FakeBrowserWindow.created[0].loaded), parent: null }
    }
    const file = await readFile(
      join(process.cwd(), '..', 'shared', 'fixtures', 'images', '004090033.jpg')
    )
    const bytes = new Uint8Array(file)
    expect(
      await handle(sender, 'attachments.addBytes', { name: 'image.png', bytes })
    ).toMatchObject({
      ok: true,
      value: {
        id: createHash('sha256').update(file).digest('hex'),
        name: 'image.png',
        kind: 'image',
        bytes: file.length,
        width: 622,
        height: 336
      }
    })
    expect(
      await handle(sender, 'attachments.addBytes', { name: '../image.png', bytes })
    ).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect(
      await handle(sender, 'attachments.addBytes', { name: 'notes.txt', bytes })
    ).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED_FILE' } })
  })

  it('quits at once when another instance holds the lock', async () => {
    const { bootApp } = await import('../../../main/electron/boot')
    const second = createFakeElectron({ gotLock: false })
    bootApp(second.electron as never, { mainDir: '/x/out/main', devUrl: null })
    expect(second.quitCalls).toBe(1)
  })
})

describe('built preload', () => {
  // Needs `electron-vite build`: a sandboxed preload can require only 'electron'.
  it('requires nothing but electron', async () => {
    const { readFile } = await import('node:fs/promises')
    const { join } = await import('node:path')
    const text = await readFile(join(import.meta.dirname, '../../../out/preload/index.cjs'), 'utf8')
    const required = [...text.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
    expect(new Set(required)).toEqual(new Set(['electron']))
  })
})
