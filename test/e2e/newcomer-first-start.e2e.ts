// The app as a newcomer first meets it, in Debian's Chromium against `mpp serve` on the demo
// model: a fresh data folder shows the demo model being made with Send off and why, the model
// status area says where the model runs, toolbar icons stay visible when pressed, clear history
// asks and can be undone, duplicate images keep their labels, and file errors speak plainly.
// Screenshots go to test-results/screens/<screen>-<size>-<theme>.png.
// Needs `electron-vite build`.
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hugePng } from '../helpers/huge-png'
import { conf, demoPackage, lastTurn, type } from './support/chat-page'
import { dropFiles, fixtureImage, truncatedImage } from './support/files'
import { askShort, SHOTS, SIZES, useNewcomerApp } from './support/newcomer-app'
import { LOW_CONTRAST_ICONS_SCRIPT } from './support/page-checks'
import { startServe } from './support/serve-process'

const app = useNewcomerApp()

describe('first start on a fresh data folder', () => {
  it('shows the demo model being made, with Send off and why, then a usable composer', async () => {
    const fresh = await startServe()
    const first = await app.browser.newPage({ viewport: SIZES.wide, locale: 'en-US' })
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
    const status = app.page.locator('.model-status-button')
    expect(await status.innerText()).toMatch(/^Ready · cpu( · [\d.]+ tokens\/s)?$/)
    expect(await status.getAttribute('title')).toBe(
      `Open the model panel\nPlacement: layers 0–${last} on cpu`
    )
    await status.click()
    expect(await app.page.locator('.model-panel .loaded-placement').innerText()).toBe(
      `Placement: layers 0–${last} on cpu`
    )
    await app.page.getByRole('button', { name: 'Close panel' }).click()
  })
})

describe('toolbar icons', () => {
  it('stay visible when pressed and under the pointer, light and dark', async () => {
    const low: string[] = []
    try {
      for (const theme of ['light', 'dark']) {
        await app.page.evaluate(`document.documentElement.dataset.theme = '${theme}'`)
        for (const name of ['Compare images', 'Generation settings', 'Model', 'Help']) {
          // The pointer stays on the button it pressed, as after a person's click.
          await app.page.getByRole('button', { name, exact: true }).click()
          await app.page.locator('.side-panel').waitFor()
          const found = (await app.page.evaluate(LOW_CONTRAST_ICONS_SCRIPT)) as string[]
          low.push(...found.map((entry) => `${theme}: ${entry}`))
          await app.page.getByRole('button', { name: 'Close panel' }).click()
        }
      }
    } finally {
      await app.page.evaluate(`document.documentElement.dataset.theme = 'light'`)
    }
    expect(low).toEqual([])
  })
})

describe('clear history', () => {
  it('asks first, keeps everything on Cancel, and offers Undo after clearing', async () => {
    await app.page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(app.page, 'max_new_tokens=6')
    await askShort(app.page, 'first question')
    await askShort(app.page, 'second question')
    const toolbar = app.page.getByRole('toolbar', { name: 'Tools' })
    const names = await toolbar
      .locator('button, select')
      .evaluateAll((controls) =>
        controls.map((c) => c.getAttribute('aria-label') ?? c.textContent?.trim() ?? '')
      )
    const clear = names.indexOf('Clear history')
    expect(clear).toBeGreaterThan(0)
    expect(names[clear - 1]).not.toMatch(/^Export/)
    expect(names[clear + 1] ?? '').not.toMatch(/^Export/)

    await app.page.getByRole('button', { name: 'Clear history' }).click()
    const dialog = app.page.getByRole('alertdialog')
    expect(await dialog.innerText()).toContain('images stay')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await dialog.count()).toBe(0)
    expect(await app.page.locator('article.turn').count()).toBe(2)

    await app.page.getByRole('button', { name: 'Clear history' }).click()
    await app.page.screenshot({ path: join(SHOTS, 'confirm-clear-1400x900-light.png') })
    await app.page.getByRole('alertdialog').getByRole('button', { name: 'Clear history' }).click()
    await expect.poll(() => app.page.locator('article.turn').count()).toBe(0)
    const notice = app.page.locator('.notice', { hasText: 'History cleared.' })
    await notice.getByRole('button', { name: 'Undo' }).click()
    await expect
      .poll(() => app.page.locator('article.turn .query').allInnerTexts())
      .toEqual(['first question', 'second question'])
  })

  it('asks before /clh too; Esc cancels', async () => {
    await type(app.page, '/clh')
    const dialog = app.page.getByRole('alertdialog')
    await dialog.waitFor()
    await app.page.keyboard.press('Escape')
    expect(await dialog.count()).toBe(0)
    expect(await app.page.locator('article.turn').count()).toBe(2)
  })
})

describe('the same image twice', () => {
  it('refuses the second copy at once; the labels shown are the labels the model gets', async () => {
    await app.page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(app.page, 'max_new_tokens=4')
    const first = fixtureImage('minigpt4_image_3.jpg')
    await dropFiles(app.page, [first, { ...first, name: 'copy of it.jpg' }])
    await dropFiles(app.page, [fixtureImage('004090033.jpg')])
    await expect.poll(() => app.page.locator('li.chip-ready').count()).toBe(2)
    await expect.poll(() => app.page.locator('li.chip-error').count()).toBe(1)
    expect(await app.page.locator('.chips .label-badge').allTextContents()).toEqual(['A', 'B'])
    expect(await app.page.locator('li.chip-error').innerText()).toContain(
      'The same picture as minigpt4_image_3.jpg'
    )
    await askShort(app.page, 'Compare Image A and Image B')
    // The receipt: A is the 224×224 file, B the 622×336 one (their sizes, from `file`).
    expect(
      await lastTurn(app.page).getByRole('list', { name: 'What the model received' }).innerText()
    ).toBe('A: 224×224 image → 224×224, 32 tokens\nB: 622×336 image → 224×224, 32 tokens')
    expect(await app.page.locator('li.chip-error').count()).toBe(0)
  })
})

describe('file errors', () => {
  it('say what is wrong in plain words, without stored names or library jargon', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mpp-e2e-files-'))
    const song = join(dir, 'song.mp4')
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=duration=1', song])
    await dropFiles(app.page, [
      { name: 'empty.jpg', type: 'image/jpeg', bytes: Buffer.alloc(0) },
      truncatedImage(),
      { name: 'huge.png', type: 'image/png', bytes: hugePng(20_000, 10_000) },
      { name: 'song.mp4', type: 'video/mp4', bytes: await readFile(song) }
    ])
    const alerts = app.page.locator('li.chip-error [role=alert]')
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
    await app.page.screenshot({ path: join(SHOTS, 'file-errors-1400x900-light.png') })
    await app.page.getByRole('button', { name: 'Dismiss all' }).click()
    expect(await app.page.locator('li.chip').count()).toBe(0)
  })
})
