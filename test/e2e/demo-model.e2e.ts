// The real engine behind `mpp serve` started with no model: it loads the built-in demo model
// (tiny, random weights) by itself, labels it as random, and streams an answer about a dropped
// image with its speed figures. Needs `electron-vite build`.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dropFiles, fixtureImage } from './support/files'
import { startServe, type ServeHandle } from './support/serve-process'

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screens')
let serve: ServeHandle
let browser: Browser
let page: Page

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

describe('demo model in Chromium', () => {
  it('starts on the demo model by itself and labels it as random everywhere', async () => {
    await page.getByRole('button', { name: 'Model', exact: true }).click()
    await expect
      .poll(() => page.locator('[data-state]').getAttribute('data-state'), { timeout: 120_000 })
      .toBe('ready')
    expect(await page.locator('.top-bar .badge-demo').innerText()).toBe(
      'Demo model: random answers'
    )
    await expect.poll(() => page.getByText('its weights are random').count()).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Model', exact: true }).click()
  })

  it('answers a question about a dropped image with first-token time and speed', async () => {
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('/conf max_new_tokens=12')
    await box.press('Enter')
    await expect
      .poll(() => page.locator('.notice-info').last().innerText())
      .toContain('Settings updated')
    await dropFiles(page, [fixtureImage('004090033.jpg')])
    await expect.poll(() => page.locator('li.chip-ready').count()).toBe(1)
    await box.fill('What is in Image A?')
    await box.press('Enter')
    const turn = page.locator('article.turn').last()
    await expect
      .poll(() => turn.getAttribute('data-status'), { timeout: 120_000 })
      .not.toBe('streaming')
    expect(await turn.getAttribute('data-status')).toBe('done')
    const stats = await turn.locator('.turn-stats').innerText()
    expect(stats).toMatch(/first token \d+ ms · [\d.]+ tokens\/s · 12 tokens/)
    expect(stats).not.toContain('first token 0 ms')
    await page.screenshot({ path: join(SHOTS, 'demo-model-answer.png') })
  })
})
