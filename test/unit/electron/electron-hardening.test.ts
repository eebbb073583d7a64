// The Electron checklist against the fake electron module: every permission request refused, the
// renderer served from app:// (registered as privileged before ready, nothing outside the renderer
// folder, the CSP on each answer), openExternal only for the allowed sites, and the meta CSP in
// renderer/index.html as strict as the header.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../../main/api/content-security-policy'
import { appResponse } from '../../../main/electron/app-protocol'
import { bootApp } from '../../../main/electron/boot'
import { createFakeElectron, FakeBrowserWindow } from '../../helpers/fake-electron'

const fake = createFakeElectron()
let mainDir: string

beforeAll(async () => {
  const root = await mkdtemp(join(tmpdir(), 'mpp-electron-hard-'))
  mainDir = join(root, 'out', 'main')
  await mkdir(join(root, 'out', 'renderer', 'assets'), { recursive: true })
  await writeFile(join(root, 'out', 'renderer', 'index.html'), '<p>app</p>')
  await writeFile(join(root, 'out', 'renderer', 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(root, 'out', 'secret.txt'), 'outside the renderer')
  bootApp(fake.electron as never, { mainDir, devUrl: null })
  fake.becomeReady()
  await new Promise((resolveSoon) => setTimeout(resolveSoon, 50))
})

describe('permissions', () => {
  it('refuses every permission request and check', () => {
    const answers: boolean[] = []
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      fake.permissions.request?.({}, permission, (granted) => answers.push(granted))
      answers.push(fake.permissions.check?.({}, permission) ?? true)
    }
    expect(answers).toEqual(new Array(8).fill(false))
  })
})

describe('the app:// protocol', () => {
  it('is registered as a privileged scheme before ready, and the window loads it', () => {
    expect(fake.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }
    ])
    expect(FakeBrowserWindow.created.at(-1)?.loaded).toBe('app://renderer/index.html')
  })

  it('serves the renderer files with the CSP, and nothing outside the folder', async () => {
    const handler = fake.protocolHandlers.get('app')
    expect(handler).toBeDefined()
    const get = (url: string) => handler!(new Request(url))
    const page = await get('app://renderer/index.html')
    expect(page.status).toBe(200)
    expect(await page.text()).toBe('<p>app</p>')
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await (await get('app://renderer/assets/app.js')).text()).toBe('console.log(1)')
    for (const url of [
      'app://renderer/..%2fsecret.txt',
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/%E0%A4',
      'app://other/index.html',
      'app://renderer/nothing.js'
    ]) {
      expect((await get(url)).status, url).toBe(404)
    }
  })

  it('answers 404 to a URL it cannot read', async () => {
    expect((await appResponse(join(mainDir, '..', 'renderer'), 'not a url')).status).toBe(404)
  })
})

describe('external links', () => {
  it('opens only https links to the allowed sites', () => {
    const window = FakeBrowserWindow.created.at(-1)!
    for (const url of [
      'https://github.com/Coobiw/MPP-LLaVA',
      'https://huggingface.co/Qwen/Qwen-7B-Chat',
      'http://github.com/x',
      'https://github.com.evil.example/x',
      'https://user@github.com/x',
      'https://evil.example/',
      'file:///etc/passwd',
      'ms-settings:',
      'javascript:alert(1)'
    ]) {
      expect(window.webContents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
    }
    expect(fake.opened).toEqual([
      'https://github.com/Coobiw/MPP-LLaVA',
      'https://huggingface.co/Qwen/Qwen-7B-Chat'
    ])
  })
})

describe('the meta CSP', () => {
  it('is the header CSP less frame-ancestors (which a meta tag cannot carry)', async () => {
    const html = await readFile(
      resolve(import.meta.dirname, '../../../renderer/index.html'),
      'utf8'
    )
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''))
  })
})
