// Page steps the browser tests share: the demo package for `mpp serve --model`, typing into the
// composer, and reading an answer's state (status, stats, how much text has streamed so far).
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { ensureDemoModel } from '../../../main/inference/demo-model'

/** The built-in demo model (tiny, random weights), in a cache folder kept between runs: the
 * build checks its recipe stamp and file sizes and rebuilds (under its own lock) when stale. */
export function demoPackage(): Promise<string> {
  return ensureDemoModel({ ...process.env, MPP_HOME: join(tmpdir(), 'mpp-e2e-demo-cache') })
}

export const lastTurn = (page: Page): Locator => page.locator('article.turn').last()

/** Sends text through the composer, as a person would (Enter). */
export async function type(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' })
  await box.fill(text)
  await box.press('Enter')
}

/** Sets generation options by slash command and waits for the confirmation. */
export async function conf(page: Page, args: string): Promise<void> {
  // Earlier confirmations are cleared first so that the one awaited is this command's; one may
  // fade on its own between the count and the click, hence the short, forgiving click.
  const dismiss = page.locator('.notice-info').getByRole('button', { name: 'Dismiss' })
  while ((await dismiss.count()) > 0) {
    await dismiss
      .first()
      .click({ timeout: 1_000 })
      .catch(() => undefined)
  }
  await type(page, `/conf ${args}`)
  await expect
    .poll(() => page.locator('.notice-info').allInnerTexts())
    .toContainEqual(expect.stringContaining('Settings updated'))
}

/** Characters of the answer shown so far; whitespace counts, since random weights emit a lot. */
export function shownLength(turn: Locator): Promise<number> {
  return turn
    .locator('.bubble.assistant')
    .evaluate((bubble) => (bubble.querySelector('.markdown')?.textContent ?? '').length)
}

/** Waits until the turn has left "streaming" and returns its final status. */
export async function settled(turn: Locator, timeout = 60_000): Promise<string | null> {
  await expect.poll(() => turn.getAttribute('data-status'), { timeout }).not.toBe('streaming')
  return turn.getAttribute('data-status')
}

/** The "N tokens" figure of a finished or stopped answer's stats line. */
export async function generatedTokens(turn: Locator): Promise<number> {
  const stats = await turn.locator('.turn-stats').innerText()
  const match = /(\d+) tokens?$/.exec(stats.trim())
  if (!match) throw new Error(`no token count in the stats line "${stats}"`)
  return Number(match[1])
}
