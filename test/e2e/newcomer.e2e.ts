// The app as a newcomer meets it, in Debian's Chromium against `mpp serve` on the demo model:
// clear history asks and can be undone, duplicate images keep their labels, narrow windows
// (390×844, 800×600) get a drawer, a folded toolbar and panels over the chat, long unbreakable
// text stays inside its bubble, dark mode passes WCAG AA, Chinese mode leaves no English on the
// main screens, file errors speak plainly, and the model status area says where the model runs.
// Screenshots of the main screens at 1400×900 and 390×844, light and dark, go to
// test-results/screens/<screen>-<size>-<theme>.png.
// Needs `electron-vite build`.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conf, demoPackage, lastTurn, settled, type, unnamedControls } from './support/chat-page'
import { hugePng } from '../helpers/huge-png'
import { dropFiles, fixtureImage, truncatedImage } from './support/files'
import {
  englishPhrases,
  LOW_CONTRAST_ICONS_SCRIPT,
  LOW_CONTRAST_SCRIPT,
  OVERFLOWING_SCRIPT,
  READ_TEXT_SCRIPT,
  storeAnswer
} from './support/page-checks'
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

const HASH = 'f'.repeat(40) + '0123456789abcdef'.repeat(8)
const URL_TEXT = `https://example.com/${'very-long-path-segment-'.repeat(12)}?q=${'x'.repeat(80)}`
const LONG_QUESTION = `Is ${HASH} the same as ${HASH.toUpperCase()}?`
const LONG_ANSWER = [
  `See ${URL_TEXT} and the hash \`${HASH}\`.`,
  '',
  '```',
  `const line = "${'0123456789'.repeat(30)}"`,
  '```',
  '',
  `| ${HASH} | ${URL_TEXT} |`,
  '| --- | --- |',
  '| a | b |'
].join('\n')
const LONG_NAME = `${'a_very_long_file_name_without_spaces_'.repeat(4)}.jpg`

/** Asks a short question and waits for the answer (the demo model, a few tokens). */
async function askShort(target: Page, question: string): Promise<void> {
  const turns = target.locator('article.turn')
  const before = await turns.count()
  await type(target, question)
  // The question's own turn first: until it is drawn, the last turn is the previous answer.
  await expect.poll(() => turns.count()).toBe(before + 1)
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

describe('first start on a fresh data folder', () => {
  it('shows the demo model being made, with Send off and why, then a usable composer', async () => {
    const fresh = await startServe()
    const first = await browser.newPage({ viewport: SIZES.wide, locale: 'en-US' })
    try {
      await first.goto(fresh.url)
      // The bar and the badge come with the app's first status, long before the build is done.
      await first.locator('.model-status progress').waitFor({ timeout: 3_000 })
      expect(await first.locator('.top-bar .badge-demo').innerText()).toBe(
        'Demo model: random answers'
      )
      expect(await first.locator('.model-status').innerText()).toContain('Making the demo model')
      expect(await first.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true)
      expect(await first.locator('#send-waiting').innerText()).toContain('Send waits for the model')
      await first.screenshot({ path: join(SHOTS, 'first-start-1400x900-light.png') })
      await first.locator('.model-status[data-model-state="ready"]').waitFor({ timeout: 180_000 })
      expect(await first.getByRole('button', { name: 'Send' }).isDisabled()).toBe(false)
      expect(await first.locator('#send-waiting').count()).toBe(0)
    } finally {
      await first.close()
      await fresh.stop()
    }
  })
})

describe('the model status area', () => {
  it('shows where the demo model runs: every layer on the CPU, in full on hover and in the panel', async () => {
    // The layer count from the demo package's manifest (the tiny preset's 3); the test machines
    // have no GPU, so the planner's only usable device is the CPU and the model is one stage.
    const manifest = JSON.parse(
      await readFile(join(await demoPackage(), 'manifest.json'), 'utf8')
    ) as { arch: { llm: { layers: number } } }
    const last = manifest.arch.llm.layers - 1
    const status = page.locator('.model-status-button')
    expect(await status.innerText()).toMatch(/^Ready · cpu( · [\d.]+ tokens\/s)?$/)
    expect(await status.getAttribute('title')).toBe(
      `Open the model panel\nPlacement: layers 0–${last} on cpu`
    )
    await status.click()
    expect(await page.locator('.model-panel .loaded-placement').innerText()).toBe(
      `Placement: layers 0–${last} on cpu`
    )
    await page.getByRole('button', { name: 'Close panel' }).click()
  })
})

describe('toolbar icons', () => {
  it('stay visible when pressed and under the pointer, light and dark', async () => {
    const low: string[] = []
    try {
      for (const theme of ['light', 'dark']) {
        await page.evaluate(`document.documentElement.dataset.theme = '${theme}'`)
        for (const name of ['Compare images', 'Generation settings', 'Model', 'Help']) {
          // The pointer stays on the button it pressed, as after a person's click.
          await page.getByRole('button', { name, exact: true }).click()
          await page.locator('.side-panel').waitFor()
          const found = (await page.evaluate(LOW_CONTRAST_ICONS_SCRIPT)) as string[]
          low.push(...found.map((entry) => `${theme}: ${entry}`))
          await page.getByRole('button', { name: 'Close panel' }).click()
        }
      }
    } finally {
      await page.evaluate(`document.documentElement.dataset.theme = 'light'`)
    }
    expect(low).toEqual([])
  })
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

describe('long unbreakable text and narrow windows', () => {
  it('keeps long URLs, hashes, code and names inside bubbles, columns and panels', async () => {
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(page, 'max_new_tokens=4')
    await dropFiles(page, [{ ...fixtureImage('004090033.jpg'), name: LONG_NAME }])
    await expect.poll(() => page.locator('li.chip-ready').count()).toBe(1)
    await askShort(page, LONG_QUESTION)
    await storeAnswer(serve.dataDir, LONG_QUESTION, LONG_ANSWER)
    await page.reload()
    await expect.poll(() => lastTurn(page).locator('.markdown pre').count()).toBe(1)
    for (const size of ['wide', 'phone', 'small'] as const) {
      await page.setViewportSize(SIZES[size])
      expect(await page.evaluate(OVERFLOWING_SCRIPT)).toEqual([])
      await lastTurn(page).getByRole('button', { name: 'Side by side' }).click()
      await expect.poll(() => page.locator('.answer-column').count()).toBe(2)
      expect(await page.evaluate(OVERFLOWING_SCRIPT)).toEqual([])
      await lastTurn(page).getByRole('button', { name: 'Side by side' }).click()
    }
    await page.setViewportSize(SIZES.wide)
    await page.getByRole('button', { name: 'Compare images' }).click()
    await expect.poll(() => page.locator('.compare-grid img').count()).toBe(1)
    expect(await page.evaluate(OVERFLOWING_SCRIPT)).toEqual([])
    await page.getByRole('button', { name: 'Compare images' }).click()
  })

  for (const size of ['phone', 'small'] as const) {
    it(`works at ${SIZES[size].width}×${SIZES[size].height}: drawer, folded toolbar, panels over the chat`, async () => {
      const narrow = await openApp(size)
      try {
        const { width } = SIZES[size]
        const sidebar = narrow.getByRole('navigation', { name: 'Conversations' })
        expect(await sidebar.isVisible()).toBe(false)
        expect(await narrow.getByRole('toolbar', { name: 'Tools' }).isVisible()).toBe(false)
        const composer = await narrow.locator('.composer').boundingBox()
        expect(composer?.width).toBeGreaterThanOrEqual(Math.min(280, width))
        expect(composer?.width).toBeGreaterThanOrEqual(width - 2)
        expect(await narrow.evaluate(OVERFLOWING_SCRIPT)).toEqual([])

        await narrow.getByRole('button', { name: 'Conversations' }).click()
        await expect.poll(() => sidebar.isVisible()).toBe(true)
        await sidebar.locator('.conversation-open').first().click()
        await expect.poll(() => sidebar.isVisible()).toBe(false)

        await narrow.getByRole('button', { name: 'More actions' }).click()
        const toolbar = narrow.getByRole('toolbar', { name: 'Tools' })
        await expect.poll(() => toolbar.isVisible()).toBe(true)
        // In the menu the names are written out, not only on hover.
        expect(await toolbar.innerText()).toContain('Export Markdown')
        expect(await unnamedControls(narrow)).toEqual([])
        await toolbar.getByRole('button', { name: 'Model', exact: true }).click()
        await expect.poll(() => toolbar.isVisible()).toBe(false)
        const panel = await narrow.locator('.side-panel').boundingBox()
        const chat = await narrow.locator('.chat').boundingBox()
        // The panel lies over the chat, as wide as it, rather than squeezing it.
        expect(panel?.x).toBeCloseTo(chat?.x ?? -1, 0)
        expect(panel?.width).toBeCloseTo(chat?.width ?? -1, 0)
        expect(await narrow.evaluate(OVERFLOWING_SCRIPT)).toEqual([])
        await narrow.getByRole('button', { name: 'Close panel' }).click()
        expect(await narrow.locator('.side-panel').count()).toBe(0)
      } finally {
        await narrow.close()
      }
    })
  }
})

describe('screenshots of the main screens', () => {
  it('writes each screen at 1400×900 and 390×844, light and dark', async () => {
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await page.screenshot({ path: join(SHOTS, 'empty-1400x900-light.png') })
    await conf(page, 'max_new_tokens=8')
    await dropFiles(page, [fixtureImage('minigpt4_image_3.jpg'), fixtureImage('004090033.jpg')])
    await expect.poll(() => page.locator('li.chip-ready').count()).toBe(2)
    await askShort(page, 'Compare Image A and Image B')
    const shots: Array<[string, Page, string]> = []
    const phone = await openApp('phone')
    try {
      for (const [target, size] of [
        [page, '1400x900'],
        [phone, '390x844']
      ] as const) {
        const openPanel = async (name: string): Promise<void> => {
          const more = target.getByRole('button', { name: 'More actions' })
          if (await more.isVisible()) await more.click()
          await target.getByRole('button', { name, exact: true }).click()
        }
        for (const theme of ['light', 'dark']) {
          await target.evaluate(`document.documentElement.dataset.theme = '${theme}'`)
          const shot = async (screen: string): Promise<void> => {
            await target.screenshot({ path: join(SHOTS, `${screen}-${size}-${theme}.png`) })
            shots.push([screen, target, theme])
          }
          await shot('chat')
          for (const [screen, button] of [
            ['settings', 'Generation settings'],
            ['model', 'Model'],
            ['compare', 'Compare images'],
            ['help', 'Help']
          ]) {
            await openPanel(button)
            await target.locator('.side-panel').waitFor()
            await shot(screen)
            await target.getByRole('button', { name: 'Close panel' }).click()
          }
          if (size === '390x844') {
            await target.getByRole('button', { name: 'More actions' }).click()
            await shot('menu')
            await target.getByRole('button', { name: 'More actions' }).click()
            await target.getByRole('button', { name: 'Conversations' }).click()
            await shot('drawer')
            await target.locator('.drawer-backdrop').click({ position: { x: 370, y: 400 } })
          }
        }
        await target.evaluate(`document.documentElement.dataset.theme = 'light'`)
      }
      expect(shots.length).toBe(2 * 5 + 2 * 7)
    } finally {
      await phone.close()
    }
  })
})

describe('copy', () => {
  it('copies every answer as Markdown or as text, side-by-side columns too', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: serve.origin
    })
    const clipboard = (): Promise<string> => page.evaluate('navigator.clipboard.readText()')
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(page, 'max_new_tokens=4')
    await askShort(page, 'copy me')
    const markdown = '**Bold** words and `code`.\n\n- one\n- two'
    await storeAnswer(serve.dataDir, 'copy me', markdown)
    await page.reload()
    const turn = lastTurn(page)
    await turn.getByRole('button', { name: 'Copy', exact: true }).click()
    await expect.poll(clipboard).toBe(markdown)
    await turn.getByRole('button', { name: 'Copy as text' }).click()
    await expect.poll(clipboard).not.toBe(markdown)
    const text = await clipboard()
    expect(text).toContain('Bold words and code.')
    expect(text).toMatch(/one\n+two/)
    expect(text).not.toMatch(/[*`]|- one/)
    await turn.getByRole('button', { name: 'Side by side' }).click()
    const columns = page.locator('.answer-column')
    await columns.first().getByRole('button', { name: 'Copy', exact: true }).click()
    await expect.poll(clipboard).toBe(`Earlier: ${markdown}`)
    await turn.getByRole('button', { name: 'Side by side' }).click()
  })
})

describe('images', () => {
  it('opens a thumbnail large with zoom; the comparison can fill the window', async () => {
    await page.setViewportSize(SIZES.wide)
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(page, 'max_new_tokens=4')
    await dropFiles(page, [fixtureImage('minigpt4_image_3.jpg'), fixtureImage('004090033.jpg')])
    await expect.poll(() => page.locator('li.chip-ready').count()).toBe(2)
    await askShort(page, 'Look at B')
    await lastTurn(page).getByRole('button', { name: 'Image B: 004090033.jpg' }).click()
    const viewer = page.getByRole('dialog', { name: 'Image B: 004090033.jpg' })
    const image = viewer.getByRole('img')
    await expect
      .poll(() => image.evaluate((img) => Number(Reflect.get(img, 'naturalWidth'))))
      .toBe(622)
    const fit = await image.evaluate((img) => img.clientWidth)
    await viewer.getByRole('button', { name: 'Zoom in' }).click()
    await viewer.getByRole('button', { name: 'Zoom in' }).click()
    expect(await viewer.innerText()).toContain('200%')
    expect(await image.evaluate((img) => img.clientWidth)).toBe(fit * 2)
    await viewer.getByRole('button', { name: 'Zoom in' }).click()
    await viewer.getByRole('button', { name: 'Zoom in' }).click()
    const stage = viewer.locator('.viewer-stage')
    expect(await stage.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
    await page.screenshot({ path: join(SHOTS, 'viewer-1400x900-light.png') })
    await viewer.getByRole('button', { name: 'Fit to window' }).click()
    expect(await image.evaluate((img) => img.clientWidth)).toBe(fit)
    await page.keyboard.press('Escape')
    expect(await viewer.count()).toBe(0)

    await page.getByRole('button', { name: 'Compare images' }).click()
    await page.getByRole('button', { name: 'Full window' }).click()
    const box = await page.locator('.side-panel').boundingBox()
    expect([box?.x, box?.y, box?.width, box?.height]).toEqual([0, 0, 1400, 900])
    await page.screenshot({ path: join(SHOTS, 'compare-full-1400x900-light.png') })
    await page.getByRole('button', { name: 'Close panel' }).click()
  })
})

describe('dark mode', () => {
  it('passes WCAG AA contrast for text and links on the main screens', async () => {
    await page.setViewportSize(SIZES.wide)
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(page, 'max_new_tokens=4')
    await askShort(page, 'A question to show an answer')
    await page.getByRole('button', { name: 'Dark', exact: true }).click()
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark')
    try {
      await dropFiles(page, [truncatedImage()])
      await expect.poll(() => page.locator('li.chip-error').count()).toBe(1)
      const low: string[] = await page.evaluate(LOW_CONTRAST_SCRIPT)
      for (const name of ['Generation settings', 'Model', 'Compare images', 'Help']) {
        await page.getByRole('button', { name, exact: true }).click()
        await page.locator('.side-panel').waitFor()
        low.push(...((await page.evaluate(LOW_CONTRAST_SCRIPT)) as string[]))
        await page.getByRole('button', { name: 'Close panel' }).click()
      }
      await page.getByRole('button', { name: 'Clear history' }).click()
      low.push(...((await page.evaluate(LOW_CONTRAST_SCRIPT)) as string[]))
      await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click()
      await page.setViewportSize(SIZES.phone)
      await page.getByRole('button', { name: 'More actions' }).click()
      low.push(...((await page.evaluate(LOW_CONTRAST_SCRIPT)) as string[]))
      await page.getByRole('button', { name: 'More actions' }).click()
      expect(low).toEqual([])
    } finally {
      await page.setViewportSize(SIZES.wide)
      await page
        .getByRole('button', { name: 'Dismiss all' })
        .click()
        .catch(() => undefined)
      await page.getByRole('button', { name: 'Light', exact: true }).click()
    }
  })
})

describe('Chinese mode', () => {
  it('leaves no English catalogue text on the main screens', async () => {
    // A server of its own, so that every title and question on screen is written in Chinese.
    const chineseServe = await startServe({ model: await demoPackage() })
    const phrases = englishPhrases()
    const context = await browser.newContext({ viewport: SIZES.wide, locale: 'zh-CN' })
    const zhPage = await context.newPage()
    const untranslated = async (screen: string): Promise<string[]> => {
      const texts = (await zhPage.evaluate(READ_TEXT_SCRIPT)) as string[]
      return texts.flatMap((text) =>
        phrases
          .filter((phrase) => text.includes(phrase))
          .map((phrase) => `${screen}: "${phrase}" in "${text}"`)
      )
    }
    try {
      await zhPage.goto(chineseServe.url)
      await zhPage.locator('.model-status[data-model-state="ready"]').waitFor({ timeout: 120_000 })
      await zhPage.getByRole('button', { name: '新建对话', exact: true }).click()
      // The default title reads in Chinese, in the bar and in the list.
      await expect.poll(() => zhPage.locator('.top-bar .title').innerText()).toBe('新建对话')
      expect(await zhPage.locator('.conversation-title').first().innerText()).toBe('新建对话')
      const found = await untranslated('empty')
      const box = zhPage.getByRole('textbox', { name: '消息' })
      await box.fill('/conf max_new_tokens=4')
      await box.press('Enter')
      await dropFiles(zhPage, [fixtureImage('minigpt4_image_3.jpg'), truncatedImage()])
      await expect.poll(() => zhPage.locator('li.chip-ready').count()).toBe(1)
      await expect.poll(() => zhPage.locator('li.chip-error').count()).toBe(1)
      found.push(...(await untranslated('composer')))
      await box.fill('图片 A 里有什么？')
      await box.press('Enter')
      expect(await settled(lastTurn(zhPage))).toBe('done')
      found.push(...(await untranslated('chat')))
      for (const name of ['生成设置', '模型', '对比图片', '帮助']) {
        await zhPage.getByRole('button', { name, exact: true }).click()
        await zhPage.locator('.side-panel').waitFor()
        found.push(...(await untranslated(name)))
        await zhPage.getByRole('button', { name: '关闭面板' }).click()
      }
      await zhPage.getByRole('button', { name: '清空历史' }).click()
      found.push(...(await untranslated('confirm')))
      await zhPage.getByRole('alertdialog').getByRole('button', { name: '清空历史' }).click()
      await zhPage.getByRole('button', { name: '撤销' }).waitFor()
      found.push(...(await untranslated('undo')))
      await zhPage.setViewportSize(SIZES.phone)
      await zhPage.getByRole('button', { name: '更多操作' }).click()
      found.push(...(await untranslated('menu')))
      expect(found).toEqual([])
    } finally {
      await context.close()
      await chineseServe.stop()
    }
  })
})
