// The app as a newcomer meets it, in Debian's Chromium against `mpp serve` on the demo model:
// clear history asks and can be undone, duplicate images keep their labels, narrow windows
// (390×844, 800×600) get a drawer, a folded toolbar and panels over the chat, long unbreakable
// text stays inside its bubble, dark mode passes WCAG AA, Chinese mode leaves no English on the
// main screens, and file errors speak plainly. Screenshots of the main screens at 1400×900 and
// 390×844, light and dark, go to test-results/screens/<screen>-<size>-<theme>.png.
// Needs `electron-vite build`.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conf, demoPackage, lastTurn, settled, type, unnamedControls } from './support/chat-page'
import { dropFiles, fixtureImage } from './support/files'
import { startServe, type ServeHandle } from './support/serve-process'

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screens')
const SIZES = {
  wide: { width: 1400, height: 900 },
  phone: { width: 390, height: 844 },
  small: { width: 800, height: 600 }
} as const
let serve: ServeHandle
let browser: Browser
let page: Page

async function openApp(size: keyof typeof SIZES, locale = 'en-US'): Promise<Page> {
  const opened = await browser.newPage({ viewport: SIZES[size], locale })
  await opened.goto(serve.url)
  await opened.locator('.composer textarea').waitFor()
  return opened
}

/** Asks a short question and waits for the answer (the demo model, a few tokens). */
async function askShort(target: Page, question: string): Promise<void> {
  await type(target, question)
  expect(await settled(lastTurn(target))).toBe('done')
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true })
  serve = await startServe({ model: await demoPackage() })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  page = await openApp('wide')
  await page.locator('.model-status[data-model-state="ready"]').waitFor({ timeout: 120_000 })
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

describe('clear history', () => {
  it('asks first, keeps everything on Cancel, and offers Undo after clearing', async () => {
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(page, 'max_new_tokens=6')
    await askShort(page, 'first question')
    await askShort(page, 'second question')
    const toolbar = page.getByRole('toolbar', { name: 'Tools' })
    const names = await toolbar
      .locator('button, select')
      .evaluateAll((controls) =>
        controls.map((c) => c.getAttribute('aria-label') ?? c.textContent?.trim() ?? '')
      )
    const clear = names.indexOf('Clear history')
    expect(clear).toBeGreaterThan(0)
    expect(names[clear - 1]).not.toMatch(/^Export/)
    expect(names[clear + 1] ?? '').not.toMatch(/^Export/)

    await page.getByRole('button', { name: 'Clear history' }).click()
    const dialog = page.getByRole('alertdialog')
    expect(await dialog.innerText()).toContain('images stay')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await dialog.count()).toBe(0)
    expect(await page.locator('article.turn').count()).toBe(2)

    await page.getByRole('button', { name: 'Clear history' }).click()
    await page.screenshot({ path: join(SHOTS, 'confirm-clear-1400x900-light.png') })
    await page.getByRole('alertdialog').getByRole('button', { name: 'Clear history' }).click()
    await expect.poll(() => page.locator('article.turn').count()).toBe(0)
    const notice = page.locator('.notice', { hasText: 'History cleared.' })
    await notice.getByRole('button', { name: 'Undo' }).click()
    await expect
      .poll(() => page.locator('article.turn .query').allInnerTexts())
      .toEqual(['first question', 'second question'])
  })

  it('asks before /clh too; Esc cancels', async () => {
    await type(page, '/clh')
    const dialog = page.getByRole('alertdialog')
    await dialog.waitFor()
    await page.keyboard.press('Escape')
    expect(await dialog.count()).toBe(0)
    expect(await page.locator('article.turn').count()).toBe(2)
  })
})
