// "Get the real model" in Chromium against `mpp serve --allow-paths`: the panel lists the seed's
// downloads with their sizes and the disk the package needs, Convert says which file it still
// needs, and a real source set (`mpp make-test-model`) typed into the fields converts with visible
// progress and ends loaded; Cancel stops one and leaves nothing. A server without --allow-paths
// explains why there are no path fields.
// Needs `electron-vite build`.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServe, type ServeHandle } from './support/serve-process'

const REPO = resolve(import.meta.dirname, '..', '..')
const CLI = join(REPO, 'out', 'main', 'cli.js')
const SHOTS = join(REPO, 'test-results', 'screens')
let sources: string
let work: string
let serve: ServeHandle
let browser: Browser
let page: Page

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mpp-real-model-'))
  sources = join(work, 'seed')
  execFileSync(process.execPath, [CLI, 'make-test-model', '--out', sources], { cwd: REPO })
  serve = await startServe({ args: ['--allow-paths'] })
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' })
  await page.goto(serve.url)
  await page.getByRole('button', { name: 'Model', exact: true }).click()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await serve?.stop()
  if (work) await rm(work, { recursive: true, force: true })
})

/** Records, in the page, every progress bar value and time-left text the conversion shows. */
const WATCH_PROGRESS = `(() => {
  window.__seen = { values: [], texts: [], notices: [] }
  const look = () => {
    for (const notice of document.querySelectorAll('.notice')) {
      if (!window.__seen.notices.includes(notice.innerText)) window.__seen.notices.push(notice.innerText)
    }
    const bar = document.querySelector('.convert-progress progress')
    if (!bar) return
    window.__seen.values.push(bar.value / bar.max)
    window.__seen.texts.push(document.querySelector('.convert-progress').innerText)
  }
  new MutationObserver(look).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
})()`

describe('get the real model', () => {
  it('lists the seed files with their sizes and the disk space per precision', async () => {
    const section = page.getByRole('region', { name: 'Get the real model' })
    const downloads = section.getByRole('list', { name: 'Files to download' })
    const items = await downloads.getByRole('listitem').allInnerTexts()
    // Names from the README's "Converting real MPP-Qwen-Next weights"; the SFT size is
    // MODEL-SPEC §10.2's 15.44 GB, the others the estimates the panel states as "about".
    expect(items).toHaveLength(4)
    expect(items[0]).toContain('eva_vit_g.pth · about 2 GB')
    expect(items[1]).toContain('blip2_pretrained_flant5xxl.pth · about 1 GB')
    expect(items[2]).toContain('Qwen-7B-Chat/ · about 15.4 GB')
    expect(items[3]).toContain('unfreeze_llm_model.pth · about 15.4 GB')
    // 2 + 1 + 15.4 + 15.4 = 33.8, shown rounded.
    expect(await section.innerText()).toContain('About 34 GB to download')
    expect(await section.innerText()).toMatch(/about 19 GB of free disk at fp16, 9 GB at int4/)
    await mkdir(SHOTS, { recursive: true })
    await section.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'get-real-model-wide-light.png') })
  })

  it('keeps Convert disabled and says which file it still needs', async () => {
    const convert = page.getByRole('button', { name: 'Convert', exact: true })
    expect(await convert.isDisabled()).toBe(true)
    expect(await page.locator('#convert-reason').innerText()).toBe(
      'Convert needs the EVA ViT-g checkpoint (eva_vit_g.pth).'
    )
    await page.getByLabel('EVA ViT-g checkpoint (eva_vit_g.pth)').fill('/x/eva_vit_g.pth')
    expect(await page.locator('#convert-reason').innerText()).toBe(
      'Convert needs the BLIP-2 checkpoint (blip2_pretrained_flant5xxl.pth).'
    )
    await page.getByLabel('EVA ViT-g checkpoint (eva_vit_g.pth)').fill('')
  })

  it('converts a real source set with progress and loads the result', async () => {
    await page
      .getByLabel('EVA ViT-g checkpoint (eva_vit_g.pth)')
      .fill(join(sources, 'eva_vit_g.pth'))
    await page
      .getByLabel('BLIP-2 checkpoint (blip2_pretrained_flant5xxl.pth)')
      .fill(join(sources, 'blip2_pretrained_flant5xxl.pth'))
    await page.getByLabel('Qwen-7B-Chat folder').fill(join(sources, 'qwen'))
    await page.getByLabel('MPP SFT checkpoint (.pth)').fill(join(sources, 'unfreeze_llm_model.pth'))
    await page.getByLabel('Name for the converted model').fill('seed-e2e')
    await page.getByLabel('Precision').selectOption('fp32')
    const convert = page.getByRole('button', { name: 'Convert', exact: true })
    expect(await convert.isDisabled()).toBe(false)
    expect(await page.locator('#convert-reason').count()).toBe(0)
    await page.evaluate(WATCH_PROGRESS)
    await convert.click()
    type Seen = { values: number[]; texts: string[]; notices: string[] }
    const seenNow = async (): Promise<Seen> => (await page.evaluate('window.__seen')) as Seen
    await expect
      .poll(
        async () => (await seenNow()).notices.some((text) => text.startsWith('Converted seed-e2e')),
        { timeout: 120_000 }
      )
      .toBe(true)
    const seen = await seenNow()
    expect(seen.values.some((value) => value > 0 && value < 1)).toBe(true)
    expect(seen.texts.some((text) => /% converted · /.test(text))).toBe(true)
    expect(seen.texts.some((text) => text.includes('Cancel conversion'))).toBe(true)
    await expect
      .poll(() => page.locator('[data-state]').getAttribute('data-state'), { timeout: 120_000 })
      .toBe('ready')
    await expect
      .poll(() => page.locator('.model-panel').innerText())
      .toContain(join(serve.dataDir, 'models', 'seed-e2e'))
    expect(await page.locator('.top-bar .badge-demo').count()).toBe(0)
    // make-test-model's tiny preset has 3 decoder layers; without a GPU they all run on the CPU.
    expect(await page.locator('.model-status-button').innerText()).toBe('seed-e2e · Ready · cpu')
    expect(await page.locator('.model-panel .loaded-placement').innerText()).toBe(
      'Placement: layers 0–2 on cpu'
    )
    await expect
      .poll(() => page.getByRole('list').filter({ hasText: 'seed-e2e' }).count())
      .toBeGreaterThan(0)
  })

  it('refuses a name already taken before converting', async () => {
    await page.getByLabel('Name for the converted model').fill('seed-e2e')
    expect(await page.getByRole('button', { name: 'Convert', exact: true }).isDisabled()).toBe(true)
    expect(await page.locator('#convert-reason').innerText()).toBe(
      'A converted model named seed-e2e already exists; choose another name.'
    )
  })

  it('cancels a conversion: says so, and leaves no package behind', async () => {
    await page.getByLabel('Name for the converted model').fill('seed-cancelled')
    await page.getByRole('button', { name: 'Convert', exact: true }).click()
    await page.getByRole('button', { name: 'Cancel conversion' }).click()
    await expect
      .poll(() => page.locator('.notice-info').allInnerTexts(), { timeout: 60_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringContaining('Conversion cancelled; nothing was written.')
        ])
      )
    // A cancel is what the user asked for: no error notice.
    expect(await page.locator('.notice-error').count()).toBe(0)
    expect(existsSync(join(serve.dataDir, 'models', 'seed-cancelled'))).toBe(false)
    expect(await page.locator('.packages').innerText()).not.toContain('seed-cancelled')
    // The fields stay filled, so converting again needs no retyping.
    expect(await page.getByLabel('Qwen-7B-Chat folder').inputValue()).toBe(join(sources, 'qwen'))
  })

  it('explains, on a server without --allow-paths, why there are no path fields', async () => {
    const plain = await startServe({ model: join(serve.dataDir, 'models', 'seed-e2e') })
    const other = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' })
    try {
      await other.goto(plain.url)
      await other.getByRole('button', { name: 'Model', exact: true }).click()
      const section = other.getByRole('region', { name: 'Get the real model' })
      await expect
        .poll(() => section.getByRole('note').innerText())
        .toContain('mpp serve --allow-paths')
      expect(await section.getByRole('listitem').count()).toBe(4)
      expect(await section.getByLabel('Qwen-7B-Chat folder').count()).toBe(0)
      expect(await section.getByRole('button', { name: 'Convert', exact: true }).count()).toBe(0)
    } finally {
      await other.close()
      await plain.stop()
    }
  }, 120_000)
})
