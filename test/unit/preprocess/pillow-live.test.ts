// Large photographs against Pillow itself (Debian's python3-pil, which .ci/run installs): the
// sizes where the resize runs its WebAssembly SIMD passes with the helper thread taking half the
// rows. Images are made here with sharp (noise over a photo, odd sizes, 4:2:0, 4:4:4,
// progressive, PNG with alpha); Pillow's 224x224 bicubic bytes must equal ours exactly.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import type { Sharp } from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeRgb, resizeBicubic } from '../../../main/inference/preprocess'
import {
  resizeHelperJobs,
  startResizeHelper,
  stopResizeHelper
} from '../../../main/inference/preprocess/resize-helper'

const PYTHON = '/usr/bin/python3'
const PILLOW_RESIZE = [
  'import sys',
  'from PIL import Image',
  "image = Image.open(sys.argv[1]).convert('RGB').resize((224, 224), Image.BICUBIC)",
  'sys.stdout.buffer.write(image.tobytes())'
].join('\n')

const pillowAvailable = spawnSync(PYTHON, ['-c', 'import PIL']).status === 0
const photo = resolve(import.meta.dirname, '../../../../shared/fixtures/images/004090033.jpg')
const dir = mkdtempSync(join(tmpdir(), 'mpp-pillow-live-'))

function pillowResize(path: string): Buffer {
  const run = spawnSync(PYTHON, ['-c', PILLOW_RESIZE, path], { maxBuffer: 1 << 20 })
  if (run.status !== 0) throw new Error(`Pillow failed on ${path}: ${run.stderr.toString()}`)
  return run.stdout
}

async function detailedPhoto(width: number, height: number): Promise<Sharp> {
  const base = await sharp(photo).resize(width, height, { fit: 'fill' }).toBuffer()
  const noise = { type: 'gaussian' as const, mean: 128, sigma: 30 }
  const background = { r: 0, g: 0, b: 0 }
  const grain = await sharp({ create: { width, height, channels: 3, noise, background } })
    .png()
    .toBuffer()
  return sharp(base).composite([{ input: grain, blend: 'soft-light' }])
}

const images: Array<[string, (path: string) => Promise<unknown>]> = [
  [
    'photo-4000x3000-420.jpg',
    async (path) => (await detailedPhoto(4000, 3000)).jpeg({ quality: 92 }).toFile(path)
  ],
  [
    'portrait-1501x4003-444.jpg',
    async (path) =>
      (await detailedPhoto(1501, 4003))
        .jpeg({ quality: 95, chromaSubsampling: '4:4:4' })
        .toFile(path)
  ],
  [
    'wide-3001x517-progressive.jpg',
    async (path) =>
      (await detailedPhoto(3001, 517)).jpeg({ quality: 85, progressive: true }).toFile(path)
  ],
  [
    'rgba-2001x1333.png',
    async (path) =>
      (await detailedPhoto(2001, 1333)).ensureAlpha(0.5).png({ compressionLevel: 1 }).toFile(path)
  ]
]

beforeAll(() => {
  if (!pillowAvailable && process.env.CI) {
    throw new Error(`${PYTHON} has no Pillow: install Debian's python3-pil (.ci/run does)`)
  }
})
afterAll(() => {
  stopResizeHelper()
  rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(!pillowAvailable && !process.env.CI)('large photographs against Pillow', () => {
  for (const [name, make] of images) {
    it(name, async () => {
      const path = join(dir, name)
      await make(path)
      expect(await startResizeHelper()).toBe(true)
      const image = await decodeRgb(path)
      const before = resizeHelperJobs()
      const ours = resizeBicubic(image.data, image.width, image.height, 224, 224)
      expect(resizeHelperJobs()).toBe(before + 1)
      const pillow = pillowResize(path)
      expect(pillow.length).toBe(224 * 224 * 3)
      let differences = 0
      for (let i = 0; i < pillow.length; i++) if (ours[i] !== pillow[i]) differences++
      expect(differences).toBe(0)
    })
  }
})
