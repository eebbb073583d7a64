// The app's layout as a newcomer sees it, in Debian's Chromium against `mpp serve` on the demo
// model: long unbreakable text stays inside its bubble, narrow windows (390×844, 800×600) get a
// drawer, a folded toolbar and panels over the chat, an answer's actions look alike at every
// width, answers copy as Markdown or text, and images open large with zoom. Screenshots of the
// main screens at 1400×900 and 390×844, light and dark, go to
// test-results/screens/<screen>-<size>-<theme>.png.
// Needs `electron-vite build`.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { conf, lastTurn, unnamedControls } from './support/chat-page'
import { dropFiles, fixtureImage } from './support/files'
import { askShort, SHOTS, SIZES, useNewcomerApp } from './support/newcomer-app'
import { OVERFLOWING_SCRIPT, storeAnswer } from './support/page-checks'

const app = useNewcomerApp()

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

describe('long unbreakable text and narrow windows', () => {
  it('keeps long URLs, hashes, code and names inside bubbles, columns and panels', async () => {
    await app.page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(app.page, 'max_new_tokens=4')
    // A picture of its own: the server keeps one copy of equal files under the name first given,
    // so a fixture already added elsewhere would show its earlier, short name in the turn.
    const picture = await sharp({
      create: { width: 96, height: 64, channels: 3, background: '#3a6ea5' }
    })
      .jpeg()
      .toBuffer()
    await dropFiles(app.page, [{ name: LONG_NAME, type: 'image/jpeg', bytes: picture }])
    await expect.poll(() => app.page.locator('li.chip-ready').count()).toBe(1)
    await askShort(app.page, LONG_QUESTION)
    await storeAnswer(app.serve.dataDir, LONG_QUESTION, LONG_ANSWER)
    await app.page.reload()
    await expect.poll(() => lastTurn(app.page).locator('.markdown pre').count()).toBe(1)
    for (const size of ['wide', 'phone', 'small'] as const) {
      await app.page.setViewportSize(SIZES[size])
      expect(await app.page.evaluate(OVERFLOWING_SCRIPT)).toEqual([])
      await lastTurn(app.page).getByRole('button', { name: 'Side by side' }).click()
      await expect.poll(() => app.page.locator('.answer-column').count()).toBe(2)
      expect(await app.page.evaluate(OVERFLOWING_SCRIPT)).toEqual([])
      await lastTurn(app.page).getByRole('button', { name: 'Side by side' }).click()
    }
    await app.page.setViewportSize(SIZES.wide)
    await app.page.getByRole('button', { name: 'Compare images' }).click()
    await expect.poll(() => app.page.locator('.compare-grid img').count()).toBe(1)
    expect(await app.page.evaluate(OVERFLOWING_SCRIPT)).toEqual([])
    await app.page.getByRole('button', { name: 'Compare images' }).click()
  })

  for (const size of ['phone', 'small'] as const) {
    it(`works at ${SIZES[size].width}×${SIZES[size].height}: drawer, folded toolbar, panels over the chat`, async () => {
      const narrow = await app.openApp(size)
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

// Runs in the page: how Regenerate and Copy as text of the last answer are drawn (outline, fill,
// colour, size, padding), null for a button that is not there.
const ACTION_LOOKS_SCRIPT = `(() => {
  const actions = [...document.querySelectorAll('article.turn .turn-actions')].at(-1)
  const look = (name) => {
    const button = [...(actions?.querySelectorAll('button') ?? [])].find(
      (b) => b.textContent.trim() === name
    )
    if (!button) return null
    const s = getComputedStyle(button)
    return [s.borderTopStyle, s.backgroundColor, s.color, s.fontSize, s.paddingLeft]
  }
  return [look('Regenerate'), look('Copy as text')]
})()`

describe('screenshots of the main screens', () => {
  it('writes each screen at 1400×900 and 390×844, light and dark', async () => {
    await app.page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await app.page.screenshot({ path: join(SHOTS, 'empty-1400x900-light.png') })
    await conf(app.page, 'max_new_tokens=8')
    await dropFiles(app.page, [fixtureImage('minigpt4_image_3.jpg'), fixtureImage('004090033.jpg')])
    await expect.poll(() => app.page.locator('li.chip-ready').count()).toBe(2)
    await askShort(app.page, 'Compare Image A and Image B')
    const shots: Array<[string, Page, string]> = []
    const phone = await app.openApp('phone')
    try {
      // At phone width Regenerate looks like the links beside it, not like an outlined button.
      await lastTurn(phone).getByRole('button', { name: 'Regenerate' }).waitFor()
      const [regenerate, copy] = (await phone.evaluate(ACTION_LOOKS_SCRIPT)) as unknown[]
      expect(regenerate).not.toBeNull()
      expect(regenerate).toEqual(copy)
      for (const [target, size] of [
        [app.page, '1400x900'],
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
    await app.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: app.serve.origin
    })
    const clipboard = (): Promise<string> => app.page.evaluate('navigator.clipboard.readText()')
    await app.page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(app.page, 'max_new_tokens=4')
    await askShort(app.page, 'copy me')
    const markdown = '**Bold** words and `code`.\n\n- one\n- two'
    await storeAnswer(app.serve.dataDir, 'copy me', markdown)
    await app.page.reload()
    const turn = lastTurn(app.page)
    await turn.getByRole('button', { name: 'Copy', exact: true }).click()
    await expect.poll(clipboard).toBe(markdown)
    await turn.getByRole('button', { name: 'Copy as text' }).click()
    await expect.poll(clipboard).not.toBe(markdown)
    const text = await clipboard()
    expect(text).toContain('Bold words and code.')
    expect(text).toMatch(/one\n+two/)
    expect(text).not.toMatch(/[*`]|- one/)
    await turn.getByRole('button', { name: 'Side by side' }).click()
    const columns = app.page.locator('.answer-column')
    await columns.first().getByRole('button', { name: 'Copy', exact: true }).click()
    await expect.poll(clipboard).toBe(`Earlier: ${markdown}`)
    await turn.getByRole('button', { name: 'Side by side' }).click()
  })
})

describe('images', () => {
  it('opens a thumbnail large with zoom; the comparison can fill the window', async () => {
    await app.page.setViewportSize(SIZES.wide)
    await app.page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(app.page, 'max_new_tokens=4')
    await dropFiles(app.page, [fixtureImage('minigpt4_image_3.jpg'), fixtureImage('004090033.jpg')])
    await expect.poll(() => app.page.locator('li.chip-ready').count()).toBe(2)
    await askShort(app.page, 'Look at B')
    await lastTurn(app.page).getByRole('button', { name: 'Image B: 004090033.jpg' }).click()
    const viewer = app.page.getByRole('dialog', { name: 'Image B: 004090033.jpg' })
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
    await app.page.screenshot({ path: join(SHOTS, 'viewer-1400x900-light.png') })
    await viewer.getByRole('button', { name: 'Fit to window' }).click()
    expect(await image.evaluate((img) => img.clientWidth)).toBe(fit)
    await app.page.keyboard.press('Escape')
    expect(await viewer.count()).toBe(0)

    await app.page.getByRole('button', { name: 'Compare images' }).click()
    await app.page.getByRole('button', { name: 'Full window' }).click()
    const box = await app.page.locator('.side-panel').boundingBox()
    expect([box?.x, box?.y, box?.width, box?.height]).toEqual([0, 0, 1400, 900])
    await app.page.screenshot({ path: join(SHOTS, 'compare-full-1400x900-light.png') })
    await app.page.getByRole('button', { name: 'Close panel' }).click()
  })
})
