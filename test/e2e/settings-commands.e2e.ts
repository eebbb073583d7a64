// Settings and slash commands in Chromium against `mpp serve` on the demo model: an unknown slash
// command is said to be unknown and never reaches the model, a refused /conf keeps its text; the
// settings form refuses an out-of-range value at the field with the contract's words (no error
// banner) and shows the value in effect, and its changes go to this conversation or to the
// defaults new conversations start with, as chosen, and stay after a reload.
// Needs `electron-vite build`.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPackage, settled, type } from './support/chat-page'
import { startServe, type ServeHandle } from './support/serve-process'

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screens')
let serve: ServeHandle
let browser: Browser
let page: Page

const box = (): Locator => page.getByRole('textbox', { name: 'Message' })
const errorBanners = (): Promise<string[]> => page.locator('.notice-error').allInnerTexts()
const settingsForm = (): Locator => page.getByRole('form', { name: 'Generation settings' })
const field = (name: string): Locator =>
  settingsForm().getByRole('spinbutton', { name, exact: true })

async function dismissNotices(): Promise<void> {
  const dismiss = page.getByRole('button', { name: 'Dismiss' })
  while ((await dismiss.count()) > 0) await dismiss.first().click()
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true })
  serve = await startServe({ model: await demoPackage() })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' })
  await page.goto(serve.url)
  const modelButton = page.getByRole('button', { name: 'Model', exact: true })
  await modelButton.click()
  await page.locator('[data-state="ready"]').waitFor({ timeout: 120_000 })
  await modelButton.click()
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

describe('slash commands', () => {
  it('says an unknown command is unknown, keeps its text and sends nothing to the model', async () => {
    await type(page, '/nosuchcommand tell me a story')
    await expect
      .poll(errorBanners)
      .toEqual([expect.stringContaining('Unknown command /nosuchcommand: nothing was sent.')])
    expect(await box().inputValue()).toBe('/nosuchcommand tell me a story')
    expect(await page.locator('article.turn').count()).toBe(0)
    await dismissNotices()
  })

  it('keeps the text of a /conf whose value is refused, with the refusal of every front door', async () => {
    await type(page, '/conf temperature=9')
    await expect
      .poll(errorBanners)
      .toEqual([expect.stringContaining('temperature must be a number from 0.1 to 2 (got 9)')])
    expect(await box().inputValue()).toBe('/conf temperature=9')
    await dismissNotices()
  })

  it('sends //text as an ordinary question, which reaches the model', async () => {
    await type(page, '//nosuchcommand is not a command here')
    const turn = page.locator('article.turn').last()
    await turn.waitFor()
    expect(await turn.locator('.bubble.user').innerText()).toContain('/nosuchcommand is not')
    await settled(turn)
  })
})

describe('the settings panel', () => {
  it('refuses an out-of-range value at the field and shows the value in effect', async () => {
    await page.getByRole('button', { name: 'Generation settings' }).click()
    expect(await settingsForm().getByRole('radio', { name: 'This conversation' }).isChecked()).toBe(
      true
    )
    const temperature = field('Temperature')
    await temperature.fill('0.7')
    await temperature.press('Tab')
    // Saved, and shown as the value in effect.
    await expect.poll(() => temperature.inputValue()).toBe('0.7')
    await temperature.fill('9')
    await temperature.press('Tab')
    await expect
      .poll(() => settingsForm().getByRole('alert').innerText())
      .toBe('temperature must be a number from 0.1 to 2 (got 9)')
    expect(await temperature.getAttribute('aria-invalid')).toBe('true')
    expect(await temperature.inputValue()).toBe('0.7')
    expect(await errorBanners()).toEqual([])
    await page.screenshot({ path: join(SHOTS, 'settings-refused-value.png') })
  })

  it('changes the defaults for new conversations apart from this conversation', async () => {
    const form = settingsForm()
    await form.getByRole('radio', { name: 'New conversations (defaults)' }).check()
    expect(await form.innerText()).toContain('this conversation keeps its own')
    // The defaults are the seed's until changed; this conversation's 0.7 is not one of them.
    expect(await field('Temperature').inputValue()).toBe('1')
    await field('Top-k').fill('20')
    await field('Top-k').press('Tab')
    await form.getByRole('radio', { name: 'This conversation' }).check()
    expect(await field('Top-k').inputValue()).toBe('50')
    expect(await field('Temperature').inputValue()).toBe('0.7')
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await expect.poll(() => field('Top-k').inputValue()).toBe('20')
    expect(await field('Temperature').inputValue()).toBe('1')
    await page.screenshot({ path: join(SHOTS, 'settings-scope.png') })
  })

  it('shows the values in effect after a reload', async () => {
    await page.reload()
    await page.getByRole('button', { name: 'Generation settings' }).click()
    await expect.poll(() => field('Top-k').inputValue()).toBe('20')
    await settingsForm().getByRole('radio', { name: 'New conversations (defaults)' }).check()
    expect(await field('Top-k').inputValue()).toBe('20')
    expect(await errorBanners()).toEqual([])
  })
})
