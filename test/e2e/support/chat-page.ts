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
  // The status the poll saw, not a second read: a locator like lastTurn() may meanwhile resolve to
  // a newer turn that is still streaming.
  let status: string | null = null
  await expect
    .poll(async () => (status = await turn.getAttribute('data-status')), { timeout })
    .not.toBe('streaming')
  return status
}

/** The "N tokens" figure of a finished or stopped answer's stats line. */
export async function generatedTokens(turn: Locator): Promise<number> {
  const stats = await turn.locator('.turn-stats').innerText()
  const match = /(\d+) tokens?(?: ·|$)/.exec(stats.trim())
  if (!match) throw new Error(`no token count in the stats line "${stats}"`)
  return Number(match[1])
}

// Runs in the page (a string: this file is typed for Node). A control's accessible name, in the
// order browsers compute it for these elements: aria-labelledby, aria-label, its <label>s, its
// text (buttons, links), title; images inside a button count by their alt text.
const UNNAMED_CONTROLS_SCRIPT = `(() => {
  const text = (el) => (el?.textContent ?? '').replace(/\\s+/g, ' ').trim()
  const nameOf = (el) => {
    const ids = el.getAttribute('aria-labelledby')
    if (ids) return ids.split(/\\s+/).map((id) => text(document.getElementById(id))).join(' ').trim()
    const aria = el.getAttribute('aria-label')
    if (aria && aria.trim()) return aria.trim()
    const labels = el.labels ? [...el.labels].map(text).join(' ').trim() : ''
    if (labels) return labels
    if (el.matches('button, a, [role=button]')) {
      const own = text(el) || [...el.querySelectorAll('img[alt]')].map((i) => i.alt).join(' ')
      if (own.trim()) return own.trim()
    }
    return (el.getAttribute('title') ?? '').trim()
  }
  const controls = document.querySelectorAll(
    'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=spinbutton]'
  )
  return [...controls]
    .filter((el) => !el.hidden && el.getClientRects().length > 0)
    .filter((el) => nameOf(el) === '')
    .map((el) => el.outerHTML.slice(0, 120))
})()`

/** Visible controls without an accessible name (should be none), as HTML snippets. */
export async function unnamedControls(page: Page): Promise<string[]> {
  return (await page.evaluate(UNNAMED_CONTROLS_SCRIPT)) as string[]
}
