// The real engine behind `mpp serve` started with no model: it loads the built-in demo model
// (tiny, random weights) by itself, labels it as random, and streams an answer about a dropped
// image with its speed figures, and finishes an answer whose model host was SIGKILLed mid-way
// (the host restarts and replays the turn). Needs `electron-vite build`.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dropFiles, fixtureImage } from './support/files'
import { generatedTokens, settled, shownLength } from './support/chat-page'
import { modelHostPids, startServe, type ServeHandle } from './support/serve-process'

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

  it('finishes an answer whose model host was killed mid-way, with the text of a clean run', async () => {
    const box = page.getByRole('textbox', { name: 'Message' })
    // Long enough (several seconds here) that the kill lands while tokens still stream.
    const ask = async (): Promise<void> => {
      await box.fill('/conf max_new_tokens=600')
      await box.press('Enter')
      await box.fill('Tell me a long story.')
      await box.press('Enter')
    }
    const answerOf = (turn: Locator): Promise<string> =>
      turn.locator('.markdown').evaluate((markdown) => markdown.textContent ?? '')

    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await ask()
    const turn = page.locator('article.turn').last()
    await expect.poll(() => turn.getAttribute('data-status')).toBe('streaming')
    await expect.poll(() => shownLength(turn)).toBeGreaterThan(0)
    const [host] = await modelHostPids(serve)
    expect(host).toBeGreaterThan(0)
    expect(await turn.getAttribute('data-status')).toBe('streaming')
    process.kill(host, 'SIGKILL')
    await expect
      .poll(() => page.locator('.notice-warning').allInnerTexts())
      .toContainEqual(expect.stringContaining('the answer starts again'))
    expect(await settled(turn, 120_000)).toBe('done')
    const replayed = await answerOf(turn)
    // A new host is running in the killed one's place.
    const [next] = await modelHostPids(serve)
    expect(next).toBeGreaterThan(0)
    expect(next).not.toBe(host)

    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await expect.poll(() => page.locator('article.turn').count()).toBe(0)
    await ask()
    const clean = page.locator('article.turn').last()
    expect(await settled(clean, 120_000)).toBe('done')
    expect(await answerOf(clean)).toBe(replayed)
    expect(await generatedTokens(clean)).toBe(await generatedTokens(turn))
  })
})
