// Who can read the app, in Debian's Chromium against `mpp serve` on the demo model: dark mode
// passes WCAG AA, Chinese mode leaves no English on the main screens, and notices already shown
// follow a switch of language.
// Needs `electron-vite build`.
import { describe, expect, it } from 'vitest'
import { en } from '../../renderer/src/i18n/en'
import { zh } from '../../renderer/src/i18n/zh'
import { conf, demoPackage, lastTurn, settled } from './support/chat-page'
import { dropFiles, fixtureImage, truncatedImage } from './support/files'
import { askShort, SIZES, useNewcomerApp } from './support/newcomer-app'
import { englishPhrases, LOW_CONTRAST_SCRIPT, READ_TEXT_SCRIPT } from './support/page-checks'
import { startServe } from './support/serve-process'

const app = useNewcomerApp()

describe('dark mode', () => {
  it('passes WCAG AA contrast for text and links on the main screens', async () => {
    await app.page.setViewportSize(SIZES.wide)
    await app.page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(app.page, 'max_new_tokens=4')
    await askShort(app.page, 'A question to show an answer')
    await app.page.getByRole('button', { name: 'Dark', exact: true }).click()
    await expect
      .poll(() => app.page.evaluate('document.documentElement.dataset.theme'))
      .toBe('dark')
    try {
      await dropFiles(app.page, [truncatedImage()])
      await expect.poll(() => app.page.locator('li.chip-error').count()).toBe(1)
      const low: string[] = await app.page.evaluate(LOW_CONTRAST_SCRIPT)
      for (const name of ['Generation settings', 'Model', 'Compare images', 'Help']) {
        await app.page.getByRole('button', { name, exact: true }).click()
        await app.page.locator('.side-panel').waitFor()
        low.push(...((await app.page.evaluate(LOW_CONTRAST_SCRIPT)) as string[]))
        await app.page.getByRole('button', { name: 'Close panel' }).click()
      }
      await app.page.getByRole('button', { name: 'Clear history' }).click()
      low.push(...((await app.page.evaluate(LOW_CONTRAST_SCRIPT)) as string[]))
      await app.page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click()
      await app.page.setViewportSize(SIZES.phone)
      await app.page.getByRole('button', { name: 'More actions' }).click()
      low.push(...((await app.page.evaluate(LOW_CONTRAST_SCRIPT)) as string[]))
      await app.page.getByRole('button', { name: 'More actions' }).click()
      expect(low).toEqual([])
    } finally {
      await app.page.setViewportSize(SIZES.wide)
      await app.page
        .getByRole('button', { name: 'Dismiss all' })
        .click()
        .catch(() => undefined)
      await app.page.getByRole('button', { name: 'Light', exact: true }).click()
    }
  })
})

describe('Chinese mode', () => {
  it('leaves no English catalogue text on the main screens', async () => {
    // A server of its own, so that every title and question on screen is written in Chinese.
    const chineseServe = await startServe({ model: await demoPackage() })
    const phrases = englishPhrases()
    const context = await app.browser.newContext({ viewport: SIZES.wide, locale: 'zh-CN' })
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

describe('notices after a language switch', () => {
  it('read in the language chosen after they were raised, their actions too', async () => {
    const page = app.page
    await page.setViewportSize(SIZES.wide)
    await page.getByRole('button', { name: 'New conversation', exact: true }).click()
    await conf(page, 'max_new_tokens=4')
    await askShort(page, 'A question to branch from')
    const texts = page.locator('.notices .notice > span')
    await page.getByRole('button', { name: en.chat.branch }).click()
    await expect.poll(() => texts.allInnerTexts()).toContain(en.chat.branched)
    // The branch has the question: clearing it raises the notice that offers Undo (it stays 20 s,
    // the branch's own notice 8 s, long enough for the switch below).
    await page.getByRole('button', { name: en.header.clearHistory }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: en.confirm.clearYes }).click()
    await expect.poll(() => texts.allInnerTexts()).toContain(en.confirm.historyCleared)
    // Named in either language, so that the switch back to English works from both.
    const language = page.getByRole('combobox', {
      name: new RegExp(`^(${en.header.language}|${zh.header.language})$`)
    })
    try {
      await language.selectOption('zh')
      await expect
        .poll(() => texts.allInnerTexts())
        .toEqual(expect.arrayContaining([zh.chat.branched, zh.confirm.historyCleared]))
      const undo = page.locator('.notice', { hasText: zh.confirm.historyCleared })
      expect(await undo.getByRole('button', { name: zh.confirm.undo }).count()).toBe(1)
      expect(await undo.getByRole('button', { name: zh.notices.dismiss }).count()).toBe(1)
      await language.selectOption('en')
      await expect
        .poll(() => texts.allInnerTexts())
        .toEqual(expect.arrayContaining([en.confirm.historyCleared]))
    } finally {
      await language.selectOption('en')
    }
  })
})
