// The real UI in Debian's Chromium against `mpp serve` running the real engine on the demo model
// (tiny, random weights, greedy by default): images by drop, a streamed answer, stop, regenerate
// (equal to a fresh greedy run) and the kept answers side by side, clear history (images stay),
// reload, a branch, Chinese, a video's frame strip, a broken file's error, the token check,
// mentions of the images linked to them, and the import of a downloaded export (the later steps
// continue the imported conversation).
// Needs `electron-vite build`.
// Random weights give random (often whitespace) text, so answers are checked by state and stats,
// and by equality between runs, never by their words.
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  conf,
  demoPackage,
  generatedTokens,
  lastTurn,
  settled,
  shownLength,
  type,
  unnamedControls
} from './support/chat-page'
import { dropFiles, fixtureImage, pasteFiles, testVideo, truncatedImage } from './support/files'
import { startServe, type ServeHandle } from './support/serve-process'
import { unzip } from '../helpers/zip'

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'screens')
const QUESTION = 'Compare Image A and Image B'
/** Long enough that an answer takes many seconds even at the demo model's best speed here
 * (about 100 tokens/s on an idle machine), so stop lands mid-way. */
const LONG_ANSWER = 1500
/** Short answers keep the full runs (regenerate, the fresh run, follow-ups) quick. */
const SHORT_ANSWER = 24
let serve: ServeHandle
let browser: Browser
let page: Page
let regenerated = { text: '', tokens: 0 }
let exportZip = Buffer.alloc(0)

const shot = (name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SHOTS, `${name}.png`) })
/** The shown answer with its whitespace, so that two blank-looking answers still differ. */
const answerText = (): Promise<string> =>
  lastTurn(page)
    .locator('.markdown')
    .evaluate((markdown) => markdown.textContent ?? '')

async function askAboutTwoImages(): Promise<void> {
  await dropFiles(page, [fixtureImage('minigpt4_image_3.jpg'), fixtureImage('004090033.jpg')])
  await expect.poll(() => page.locator('li.chip-ready').count()).toBe(2)
  await expect.poll(() => page.locator('.chips .label-badge').allTextContents()).toEqual(['A', 'B'])
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true })
  serve = await startServe({ model: await demoPackage() })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' })
  await page.goto(serve.url)
  await page.getByRole('button', { name: 'New conversation', exact: true }).waitFor()
  // The package loads in the model host after the server is up; questions before that are refused.
  const modelButton = page.getByRole('button', { name: 'Model', exact: true })
  await modelButton.click()
  await page.locator('[data-state="ready"]').waitFor({ timeout: 120_000 })
  await modelButton.click()
})

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
})

describe('mpp serve in Chromium with the demo model', () => {
  it('refuses requests without the token', async () => {
    expect((await fetch(`${serve.origin}/`)).status).toBe(401)
    const api = await fetch(`${serve.origin}/api/conversation.list`, { method: 'POST', body: '{}' })
    expect(api.status).toBe(401)
    expect(new URL(page.url()).searchParams.has('token')).toBe(false)
  })

  it('labels two dropped images A and B, streams the answer and stops it', async () => {
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(page, `max_new_tokens=${LONG_ANSWER}`)
    await askAboutTwoImages()
    await shot('composer-two-images')
    expect(await unnamedControls(page)).toEqual([])
    await type(page, QUESTION)
    const turn = lastTurn(page)
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 30_000 }).toBe('streaming')
    await expect.poll(() => shownLength(turn), { timeout: 30_000 }).toBeGreaterThan(0)
    const early = await shownLength(turn)
    await expect.poll(() => shownLength(turn), { timeout: 30_000 }).toBeGreaterThan(early)
    expect(await turn.getAttribute('data-status')).toBe('streaming')
    await shot('answer-streaming')
    await page.getByRole('button', { name: 'Stop' }).click()
    expect(await settled(turn)).toBe('stopped')
    expect(await turn.locator('.bubble.assistant').innerText()).toContain('Stopped')
    await shot('answer-stopped')
    const tokens = await generatedTokens(turn)
    expect(tokens).toBeGreaterThan(0)
    expect(tokens).toBeLessThan(LONG_ANSWER)
  })

  it('regenerates the answer to the end with its speed shown', async () => {
    await conf(page, `max_new_tokens=${SHORT_ANSWER}`)
    await page.getByRole('button', { name: 'Regenerate' }).click()
    const turn = lastTurn(page)
    // The turn reads "stopped" until the new run starts, and a short run may be over before a
    // poll sees it streaming: wait for the outcome itself.
    await expect.poll(() => turn.getAttribute('data-status'), { timeout: 60_000 }).toBe('done')
    expect(await page.locator('article.turn').count()).toBe(1)
    expect(await turn.locator('.turn-stats').innerText()).toMatch(/[\d.]+ tokens\/s.* · greedy$/)
    expect(await generatedTokens(turn)).toBeGreaterThan(0)
    expect(await generatedTokens(turn)).toBeLessThanOrEqual(SHORT_ANSWER)
    // The receipt: the two files' own sizes (224x224 and 622x336, from `file`), 32 tokens each.
    expect(await turn.getByRole('list', { name: 'What the model received' }).innerText()).toBe(
      'A: 224×224 image → 224×224, 32 tokens\nB: 622×336 image → 224×224, 32 tokens'
    )
    regenerated = { text: await answerText(), tokens: await generatedTokens(turn) }
    // The stopped answer is kept: the pager shows 2 of 2 and switches to it and back.
    const pager = turn.getByRole('group', { name: 'Answer 2 of 2' })
    expect(await pager.innerText()).toContain('2 / 2')
    await turn.getByRole('button', { name: 'Previous answer' }).click()
    await expect.poll(() => turn.getAttribute('data-status')).toBe('stopped')
    expect(await answerText()).not.toBe(regenerated.text)
    await turn.getByRole('button', { name: 'Next answer' }).click()
    await expect.poll(() => turn.getAttribute('data-status')).toBe('done')
    expect(await answerText()).toBe(regenerated.text)
    // Both answers side by side, each saying how it was decoded; the shown one is the second.
    await turn.getByRole('button', { name: 'Side by side' }).click()
    const columns = turn.getByRole('list', { name: 'Side by side' }).getByRole('listitem')
    await expect.poll(() => columns.count()).toBe(2)
    expect(await columns.locator('.answer-decoding').allInnerTexts()).toEqual([
      'greedy · Stopped',
      'greedy'
    ])
    expect(await columns.nth(1).getByRole('heading').innerText()).toContain('shown')
    await shot('answers-side-by-side')
    await turn.getByRole('button', { name: 'Side by side' }).click()
    await page.getByRole('button', { name: 'Compare images' }).click()
    await expect.poll(() => page.locator('.compare-grid img').count()).toBe(2)
    await shot('answer-with-comparison')
    await page.getByRole('button', { name: 'Swipe' }).click()
    await page.getByRole('slider', { name: 'Divider position' }).fill('35')
    expect(await page.locator('.swipe-top').getAttribute('style')).toContain(
      'clip-path: inset(0px 0px 0px 35%)'
    )
    await shot('images-swipe')
    await page.getByRole('button', { name: 'Grid' }).click()
  })

  it('gives the regenerated text again in a fresh greedy run of the same question', async () => {
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await expect.poll(() => page.locator('article.turn').count()).toBe(0)
    await conf(page, `max_new_tokens=${SHORT_ANSWER}`)
    await askAboutTwoImages()
    await type(page, QUESTION)
    expect(await settled(lastTurn(page))).toBe('done')
    expect(await generatedTokens(lastTurn(page))).toBe(regenerated.tokens)
    expect(await answerText()).toBe(regenerated.text)
  })

  it('exports the conversation as Markdown and downloads it as one zip with both images', async () => {
    await page.getByRole('button', { name: 'Export Markdown' }).click()
    const link = page.getByRole('link', { name: 'Download as .zip' })
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    exportZip = await readFile(await download.path())
    const files = await unzip(exportZip)
    const names = [...files.keys()].map((name) => name.split('/').slice(1).join('/')).sort()
    expect(names).toEqual(['conversation.json', 'conversation.md', 'images/A.jpg', 'images/B.jpg'])
    expect(files.size).toBe(4)
    const [markdown] = [...files.entries()].filter(([name]) => name.endsWith('.md'))
    expect(markdown[1].toString('utf8')).toContain(
      `![Image A](images/A.jpg)\n\n![Image B](images/B.jpg)\n\n${QUESTION}`
    )
    const [imageB] = [...files.entries()].filter(([name]) => name.endsWith('B.jpg'))
    expect(imageB[1].equals(fixtureImage('004090033.jpg').bytes)).toBe(true)
    await page.getByRole('button', { name: 'Dismiss' }).first().click()
  })

  it('imports the downloaded export as a new conversation with its images', async () => {
    const rows = await page.locator('.conversation-row').count()
    await page.getByLabel('Import conversation…').setInputFiles({
      name: 'export.zip',
      mimeType: 'application/zip',
      buffer: exportZip
    })
    await expect.poll(() => page.locator('.conversation-row').count()).toBe(rows + 1)
    await expect
      .poll(() => page.locator('.notice-info').allInnerTexts())
      .toContainEqual(expect.stringContaining(`Imported “${QUESTION}”`))
    expect(await page.locator('article.turn .query').allInnerTexts()).toEqual([QUESTION])
    expect(await answerText()).toBe(regenerated.text)
    await expect.poll(() => lastTurn(page).locator('.turn-media-item img').count()).toBe(2)
    // Something that is not an export is refused with its reason, and nothing is added.
    await page.getByLabel('Import conversation…').setInputFiles({
      name: 'notes.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from('not a zip')
    })
    await expect
      .poll(() => page.locator('.notice-error').allInnerTexts())
      .toContainEqual(expect.stringContaining('notes.zip is not a readable zip archive'))
    expect(await page.locator('.conversation-row').count()).toBe(rows + 1)
    await page.getByRole('button', { name: 'Dismiss' }).first().click()
  })

  it('clears history: turns go, the images stay for the next question', async () => {
    await page.getByRole('button', { name: 'Clear history' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Clear history' }).click()
    await expect.poll(() => page.locator('article.turn').count()).toBe(0)
    await expect.poll(() => page.locator('.carried').innerText()).toContain('A, B')
    await type(page, 'And now?')
    const turn = lastTurn(page)
    expect(await settled(turn)).toBe('done')
    expect(await turn.locator('.turn-media-item').count()).toBe(2)
  })

  it('finds the conversation again after a reload', async () => {
    await page.reload()
    await expect
      .poll(() => page.locator('.conversation-row.active').innerText())
      .toContain(QUESTION)
    await expect.poll(() => page.locator('article.turn').count()).toBe(1)
    expect(await page.locator('article.turn .query').innerText()).toBe('And now?')
    expect(await lastTurn(page).getAttribute('data-status')).toBe('done')
  })

  it('links mentions of the images in an answer to their thumbnails', async () => {
    // Random weights never name an image, so the stored answer is rewritten on disk, as a real
    // model's would read; the reload reads the changed file.
    const folder = join(serve.dataDir, 'conversations')
    for (const name of await readdir(folder)) {
      const path = join(folder, name)
      const stored = JSON.parse(await readFile(path, 'utf8')) as {
        turns: Array<{ query: string; response: string }>
      }
      if (stored.turns.at(-1)?.query !== 'And now?') continue
      stored.turns[stored.turns.length - 1].response =
        'Image B has more detail than the first image; `image A` is code.'
      await writeFile(path, JSON.stringify(stored))
    }
    await page.reload()
    const turn = lastTurn(page)
    await expect
      .poll(() => turn.locator('button.media-mention').allInnerTexts())
      .toEqual(['Image B', 'the first image'])
    await turn.getByRole('button', { name: 'Image B', exact: true }).hover()
    await expect
      .poll(() => page.locator('figure.highlighted').getAttribute('data-media-label'))
      .toBe('B')
    await shot('answer-mentions')
    await turn.getByRole('button', { name: 'the first image', exact: true }).focus()
    await expect
      .poll(() => page.locator('figure.highlighted').getAttribute('data-media-label'))
      .toBe('A')
  })

  it('edits a question and resends it', async () => {
    await page.getByRole('button', { name: 'Edit question' }).click()
    await page.getByRole('textbox', { name: 'Edit question' }).fill('And what about B?')
    await page.getByRole('button', { name: 'Send edited question' }).click()
    await expect
      .poll(() => page.locator('article.turn .query').innerText())
      .toBe('And what about B?')
    expect(await settled(lastTurn(page))).toBe('done')
    expect(await page.locator('article.turn').count()).toBe(1)
  })

  it('branches from a question into a new conversation, leaving the original as it was', async () => {
    const rows = await page.locator('.conversation-row').count()
    await page.getByRole('button', { name: 'Branch from here' }).click()
    await expect.poll(() => page.locator('.conversation-row').count()).toBe(rows + 1)
    await expect
      .poll(() => page.locator('.conversation-row.active').innerText())
      .toContain('(branch)')
    expect(await page.locator('article.turn .query').allInnerTexts()).toEqual(['And what about B?'])
    // The list is newest first: the branch, then the conversation it came from.
    await page.locator('.conversation-row').nth(1).click()
    await expect
      .poll(() => page.locator('.conversation-row.active').innerText())
      .not.toContain('(branch)')
    expect(await page.locator('article.turn .query').allInnerTexts()).toEqual(['And what about B?'])
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
    expect(await unnamedControls(page)).toEqual([])
    await page.getByRole('button', { name: 'Model', exact: true }).click()
    await expect.poll(() => page.locator('[data-state]').getAttribute('data-state')).toBe('ready')
    await page.getByRole('button', { name: 'Preview placement' }).click()
    // The real planner puts the demo model's decoder layers (and the vision tower) on
    // this machine's devices, the CPU last.
    const rows = page.locator('.placement-row')
    await expect.poll(() => rows.count()).toBeGreaterThan(0)
    expect(await rows.last().innerText()).toMatch(/^cpu/)
    // Layer ranges read inclusively, as in the summary: the demo model's 3 layers are 0–2.
    const ranges = (await rows.allInnerTexts()).join('\n')
    expect(ranges).toMatch(/ · L0–\d · /)
    expect(ranges).toMatch(/ · L\d–2 · /)
    expect(await page.locator('.placement').innerText()).toMatch(/vision tower on \S+; context/)
    await page.getByRole('button', { name: 'Dark' }).click()
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark')
    await page.locator('.placement').scrollIntoViewIfNeeded()
    await shot('model-panel-dark')
    expect(await unnamedControls(page)).toEqual([])
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
    expect(await unnamedControls(page)).toEqual([])
    await page.getByRole('button', { name: 'Remove clip.mp4' }).click()
  })

  it('takes an image pasted from the clipboard into the message box', async () => {
    const png = await sharp(fixtureImage('004090033.jpg').bytes).png().toBuffer()
    await page.getByRole('textbox', { name: 'Message' }).focus()
    await pasteFiles(page, [{ name: 'image.png', type: 'image/png', bytes: png }])
    const chip = page.getByRole('listitem', { name: 'image.png' })
    await expect.poll(() => chip.getAttribute('class')).toContain('chip-ready')
    expect(await chip.innerText()).toContain('622×336')
    await page.getByRole('button', { name: 'Remove image.png' }).click()
  })

  it('shows why a broken image cannot be used, on its chip', async () => {
    await dropFiles(page, [truncatedImage()])
    const chip = page.locator('li.chip-error')
    await expect.poll(() => chip.count()).toBe(1)
    expect(await chip.getByRole('alert').innerText()).toContain('broken.jpg is a cut-off JPEG')
    await shot('broken-file')
  })
})
