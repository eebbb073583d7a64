// Test files for the browser: fixture images, a truncated JPEG and a small ffmpeg test video,
// and helpers that drop or paste files on the page the way the browser delivers them.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'

const IMAGES = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fixtures', 'images')

export interface TestFile {
  readonly name: string
  readonly type: string
  readonly bytes: Buffer
}

export function fixtureImage(name: string): TestFile {
  return { name, type: 'image/jpeg', bytes: readFileSync(join(IMAGES, name)) }
}

export function truncatedImage(): TestFile {
  const bytes = readFileSync(join(IMAGES, 'minigpt4_image_3.jpg'))
  return {
    name: 'broken.jpg',
    type: 'image/jpeg',
    bytes: bytes.subarray(0, Math.floor(bytes.length / 3))
  }
}

export function testVideo(dir: string, frames: number): TestFile {
  const path = join(dir, 'clip.mp4')
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=96x64:rate=10',
    '-frames:v',
    String(frames),
    '-pix_fmt',
    'yuv420p',
    '-y',
    path
  ])
  return { name: 'clip.mp4', type: 'video/mp4', bytes: readFileSync(path) }
}

// Runs in the page (a string, because this file is typed for Node, not the DOM): builds a
// DataTransfer of real File objects and delivers it as a window drop or a paste into the focus.
const DELIVER_SCRIPT = `(mode, items) => {
  const transfer = new DataTransfer()
  for (const item of items) {
    const binary = atob(item.base64)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    transfer.items.add(new File([bytes], item.name, { type: item.type }))
  }
  if (mode === 'paste') {
    const target = document.activeElement ?? document.body
    target.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer }))
    return
  }
  document.body.dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: transfer }))
  document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }))
}`

async function deliver(page: Page, mode: 'drop' | 'paste', files: readonly TestFile[]) {
  const payload = files.map((f) => ({
    name: f.name,
    type: f.type,
    base64: f.bytes.toString('base64')
  }))
  await page.evaluate(`(${DELIVER_SCRIPT})(${JSON.stringify(mode)}, ${JSON.stringify(payload)})`)
}

/** Dispatches dragenter + drop with real File objects on the page body. */
export function dropFiles(page: Page, files: readonly TestFile[]): Promise<void> {
  return deliver(page, 'drop', files)
}

/** Pastes real File objects into the focused element, as a clipboard paste delivers them. */
export function pasteFiles(page: Page, files: readonly TestFile[]): Promise<void> {
  return deliver(page, 'paste', files)
}
