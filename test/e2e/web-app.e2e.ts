// The real UI in Debian's Chromium against `mpp serve` (built CLI, canned model host): images by
// drop, a streamed answer, stop, regenerate, clear history (images stay), reload, Chinese, a
// video's frame strip, a broken file's error, and the token check. Needs `electron-vite build`.
import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dropFiles, fixtureImage, testVideo, truncatedImage } from './support/files'
import { startServe, type ServeHandle } from './support/serve-process'

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screens')
let serve: ServeHandle
let browser: Browser
let page: Page

const shot = (name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `${name}.png`) })
const lastAnswer = () => page.locator('article.turn').last()

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true })
  serve = await startServe({ tokenMs: 80 })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' })
  await page.goto(serve.url)
  await page.getByRole('button', { name: 'New conversation', exact: true }).waitFor()
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

describe('mpp serve in Chromium', () => {
  it('refuses requests without the token', async () => {
    expect((await fetch(`${serve.origin}/`)).status).toBe(401)
    const api = await fetch(`${serve.origin}/api/conversation.list`, { method: 'POST', body: '{}' })
    expect(api.status).toBe(401)
    expect(new URL(page.url()).searchParams.has('token')).toBe(false)
  })

  it('labels two dropped images A and B, streams the answer and stops it', async () => {
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await dropFiles(page, [fixtureImage('minigpt4_image_3.jpg'), fixtureImage('004090033.jpg')])
    const chips = page.locator('li.chip-ready')
    await expect.poll(() => chips.count()).toBe(2)
    await expect
      .poll(() => page.locator('.chips .label-badge').allTextContents())
      .toEqual(['A', 'B'])
    await shot('composer-two-images')
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('Compare Image A and Image B')
    await box.press('Enter')
    await expect
      .poll(() => lastAnswer().locator('.bubble.assistant').innerText(), { timeout: 15_000 })
      .toContain('with 2 media')
    await shot('answer-streaming')
    await page.getByRole('button', { name: 'Stop' }).click()
    await expect.poll(() => lastAnswer().getAttribute('data-status')).toBe('stopped')
    const partial = await lastAnswer().locator('.markdown').innerText()
    expect(partial).toContain('"Compare Image A and Image B" with 2 media')
    expect(partial).not.toContain('without weights')
  })

  it('regenerates the answer to the end with its speed shown', async () => {
    await page.getByRole('button', { name: 'Regenerate' }).click()
    await expect
      .poll(() => lastAnswer().getAttribute('data-status'), { timeout: 30_000 })
      .toBe('done')
    expect(await lastAnswer().locator('.markdown').innerText()).toContain('without weights')
    expect(await lastAnswer().locator('.turn-stats').innerText()).toMatch(/tokens\/s/)
    await page.getByRole('button', { name: 'Compare images' }).click()
    await expect.poll(() => page.locator('.compare-grid img').count()).toBe(2)
    await shot('answer-with-comparison')
  })

  it('clears history: turns go, the images stay for the next question', async () => {
    await page.getByRole('button', { name: 'Clear history' }).click()
    await expect.poll(() => page.locator('article.turn').count()).toBe(0)
    await expect.poll(() => page.locator('.carried').innerText()).toContain('A, B')
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('And now?')
    await box.press('Enter')
    await expect
      .poll(() => lastAnswer().getAttribute('data-status'), { timeout: 30_000 })
      .toBe('done')
    expect(await lastAnswer().locator('.markdown').innerText()).toContain('with 2 media')
  })

  it('finds the conversation again after a reload', async () => {
    await page.reload()
    await expect
      .poll(() => page.locator('.conversation-row.active').innerText())
      .toContain('Compare Image A and Image B')
    await expect.poll(() => page.locator('article.turn').count()).toBe(1)
    expect(await page.locator('article.turn .query').innerText()).toBe('And now?')
  })

  it('edits a question and resends it', async () => {
    await page.getByRole('button', { name: 'Edit question' }).click()
    await page.getByRole('textbox', { name: 'Edit question' }).fill('And what about B?')
    await page.getByRole('button', { name: 'Send edited question' }).click()
    await expect
      .poll(() => lastAnswer().locator('.markdown').innerText(), { timeout: 30_000 })
      .toContain('"And what about B?" with 2 media')
    await expect
      .poll(() => lastAnswer().getAttribute('data-status'), { timeout: 30_000 })
      .toBe('done')
    expect(await page.locator('article.turn').count()).toBe(1)
  })

  it('switches to Chinese', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh')
    await page.getByRole('button', { name: '新建对话', exact: true }).waitFor()
    await shot('chinese')
    await page.getByRole('combobox', { name: '语言' }).selectOption('en')
    await page.getByRole('button', { name: 'New conversation', exact: true }).waitFor()
  })

  it('sets options by slash command and shows them in the settings; model panel; dark theme', async () => {
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('/conf temperature=0.5 num_beams=2')
    await box.press('Enter')
    await page.getByRole('button', { name: 'Generation settings' }).click()
    const settings = page.getByRole('form', { name: 'Generation settings' })
    await expect
      .poll(() => settings.getByRole('spinbutton', { name: 'Temperature' }).inputValue())
      .toBe('0.5')
    expect(await settings.getByRole('spinbutton', { name: 'Beams (num_beams)' }).inputValue()).toBe(
      '2'
    )
    await shot('settings')
    await page.getByRole('button', { name: 'Model', exact: true }).click()
    await expect.poll(() => page.locator('[data-state]').getAttribute('data-state')).toBe('ready')
    await page.getByRole('button', { name: 'Dark' }).click()
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark')
    await shot('model-panel-dark')
    await page.getByRole('button', { name: 'Light' }).click()
    await page.getByRole('button', { name: 'Model', exact: true }).click()
  })

  it('shows the frame strip of a dropped video and follows the frame count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mpp-e2e-video-'))
    await dropFiles(page, [testVideo(dir, 40)])
    const strip = page.locator('.frame-strip img')
    await expect.poll(() => strip.count(), { timeout: 20_000 }).toBe(32)
    await page.getByRole('spinbutton', { name: 'Frames to sample: clip.mp4' }).fill('8')
    await expect.poll(() => strip.count(), { timeout: 20_000 }).toBe(8)
    expect(await strip.evaluateAll((images) => images.map((i) => i.getAttribute('alt')))).toEqual([
      '#0',
      '#5',
      '#10',
      '#15',
      '#20',
      '#25',
      '#30',
      '#35'
    ])
    await shot('video-frame-strip')
    await page.getByRole('button', { name: 'Remove clip.mp4' }).click()
  })

  it('shows why a broken image cannot be used, on its chip', async () => {
    await dropFiles(page, [truncatedImage()])
    const chip = page.locator('li.chip-error')
    await expect.poll(() => chip.count()).toBe(1)
    expect(await chip.getByRole('alert').innerText()).toContain(
      'broken.jpg is not a readable image'
    )
    await shot('broken-file')
  })
})
