// The local API server switched on from the UI, in Chromium against `mpp serve` on the demo
// model: settings show the address and key, the official openai client answers with that key,
// the request shows up in the settings' log, and a revoked key stops working at once.
// Needs `electron-vite build`.
import { mkdir } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import OpenAI from 'openai'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe, type ServeHandle } from './support/serve-process'

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screens')
let serve: ServeHandle
let browser: Browser
let page: Page

/** A port nothing listens on now (other test runs share this machine). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  await new Promise<void>((done) => server.close(() => done()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true })
  serve = await startServe()
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' })
  await page.goto(serve.url)
  await page.getByRole('button', { name: 'New conversation', exact: true }).waitFor()
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

describe('the local API server from settings', () => {
  it('is switched on in settings, answers with the key shown, and logs the request', async () => {
    await page.getByRole('button', { name: 'Generation settings', exact: true }).click()
    const section = page.getByRole('region', { name: 'Local API server' })
    await section.getByText('No requests yet.').waitFor()
    const port = await freePort()
    const portField = section.getByRole('spinbutton', { name: 'Port' })
    await portField.fill(String(port))
    await portField.blur()
    const enable = section.getByRole('checkbox', { name: /Serve the OpenAI-compatible API/ })
    // The box shows main's state: it turns on once the server is listening.
    await enable.click()
    await expect.poll(() => enable.isChecked()).toBe(true)
    const address = section.getByLabel('API address')
    await expect.poll(() => address.count()).toBe(1)
    const url = await address.innerText()
    expect(url).toBe(`http://127.0.0.1:${port}/v1`)
    const key = await section.getByLabel('API key', { exact: true }).innerText()
    expect(key).toMatch(/^mpp-[\w-]{32}$/)

    const client = new OpenAI({ baseURL: url, apiKey: key, maxRetries: 0 })
    await expect
      .poll(async () => (await client.models.list().catch(() => null))?.data.length ?? 0, {
        timeout: 120_000
      })
      .toBe(2)
    const answer = await client.chat.completions.create(
      {
        model: 'mpp',
        messages: [{ role: 'user', content: 'Hello from a script' }],
        max_tokens: 6,
        user: 'alice'
      },
      { headers: { 'user-agent': 'e2e-script/1.0' } }
    )
    expect(answer.usage?.completion_tokens).toBe(6)

    const row = section.getByRole('table', { name: 'API requests' }).locator('tbody tr').first()
    await expect.poll(() => row.count()).toBe(1)
    const cells = await row.locator('td').allInnerTexts()
    expect(cells[1]).toContain('127.0.0.1')
    expect(cells[1]).toContain('e2e-script/1.0')
    expect(cells[1]).toContain('(user alice)')
    expect(cells[2]).toBe('200')
    expect(cells[3]).toBe(`${answer.usage?.prompt_tokens} in, 6 out`)
    expect(cells[4]).toMatch(/^[\d.]+ tokens\/s$/)
    await page.screenshot({ path: join(SHOTS, 'api-server-settings.png') })
  })

  it('stops taking a key the moment it is revoked, and takes the new one', async () => {
    const section = page.getByRole('region', { name: 'Local API server' })
    const url = await section.getByLabel('API address').innerText()
    const keyShown = section.getByLabel('API key', { exact: true })
    const oldKey = await keyShown.innerText()
    await section.getByRole('button', { name: 'Revoke key' }).click()
    await section.getByText('none (revoked)').waitFor()
    const revoked = await new OpenAI({ baseURL: url, apiKey: oldKey, maxRetries: 0 }).models
      .list()
      .catch((error: unknown) => error)
    expect(revoked).toBeInstanceOf(OpenAI.AuthenticationError)
    await section.getByRole('button', { name: 'New key' }).click()
    await expect.poll(() => keyShown.count()).toBe(1)
    const newKey = await keyShown.innerText()
    expect(newKey).not.toBe(oldKey)
    const models = await new OpenAI({ baseURL: url, apiKey: newKey, maxRetries: 0 }).models.list()
    expect(models.data.map((m) => m.id)).toContain('mpp')
  })
})
