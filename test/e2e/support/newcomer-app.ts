// The setup the newcomer e2e files share: one `mpp serve` on the demo model and one Chromium per
// file, a wide English page with the model ready, the window sizes under test, where screenshots
// go, and a short question answered. Needs `electron-vite build`.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { demoPackage, lastTurn, settled, type } from './chat-page'
import { startServe, type ServeHandle } from './serve-process'

export const SHOTS = join(import.meta.dirname, '..', '..', '..', 'test-results', 'screens')
export const SIZES = {
  wide: { width: 1400, height: 900 },
  phone: { width: 390, height: 844 },
  small: { width: 800, height: 600 }
} as const

export interface NewcomerApp {
  readonly serve: ServeHandle
  readonly browser: Browser
  /** The wide English page, opened once the model was ready. */
  readonly page: Page
  /** Another page on the same server, at `size`, once its composer shows. */
  openApp(size: keyof typeof SIZES, locale?: string): Promise<Page>
}

async function openOn(
  browser: Browser,
  serve: ServeHandle,
  size: keyof typeof SIZES,
  locale = 'en-US'
): Promise<Page> {
  const opened = await browser.newPage({ viewport: SIZES[size], locale })
  await opened.goto(serve.url)
  await opened.locator('.composer textarea').waitFor()
  return opened
}

/** Starts the server and browser before the file's tests and stops them after. */
export function useNewcomerApp(): NewcomerApp {
  let serve: ServeHandle | undefined
  let browser: Browser | undefined
  let page: Page | undefined
  const started = (): { serve: ServeHandle; browser: Browser; page: Page } => {
    if (!serve || !browser || !page) throw new Error('the newcomer app is used before it started')
    return { serve, browser, page }
  }
  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true })
    serve = await startServe({ model: await demoPackage() })
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
    const wide = await openOn(browser, serve, 'wide')
    await wide.locator('.model-status[data-model-state="ready"]').waitFor({ timeout: 120_000 })
    page = wide
  })
  afterAll(async () => {
    await browser?.close()
    await serve?.stop()
  })
  return {
    get serve() {
      return started().serve
    },
    get browser() {
      return started().browser
    },
    get page() {
      return started().page
    },
    openApp: (size, locale) => openOn(started().browser, started().serve, size, locale)
  }
}

/** Asks a short question and waits for the answer (the demo model, a few tokens). */
export async function askShort(target: Page, question: string): Promise<void> {
  const turns = target.locator('article.turn')
  const before = await turns.count()
  await type(target, question)
  // The question's own turn first: until it is drawn, the last turn is the previous answer.
  await expect.poll(() => turns.count()).toBe(before + 1)
  expect(await settled(lastTurn(target))).toBe('done')
}
