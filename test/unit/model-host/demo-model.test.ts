// The built-in demo model: made once in the cache folder (MPP_HOME), reused as is, rebuilt when
// a file is damaged; its manifest says demo, and the notice names the convert command.
import { readdir, readFile, rm, stat, truncate } from 'node:fs/promises'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import {
  DEMO_MODEL_NOTICE,
  demoModelDir,
  ensureDemoModel,
  isValidDemoModel
} from '../../../main/inference/demo-model'

const homes: string[] = []
afterAll(async () => {
  for (const home of homes) await rm(home, { recursive: true, force: true })
})

it('builds the demo package once, reuses it, and rebuilds it when damaged', async () => {
  const home = await mkdtemp(join(tmpdir(), 'mpp-demo-'))
  homes.push(home)
  const env = { MPP_HOME: home }
  expect(demoModelDir(env)).toBe(join(home, 'demo-model'))
  expect(demoModelDir({ HOME: '/h', XDG_CACHE_HOME: '/c' })).toBe('/c/mpp-desktop/demo-model')

  const dir = await ensureDemoModel(env)
  expect(dir).toBe(join(home, 'demo-model'))
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'))
  expect(manifest.demo).toBe(true)
  expect(await isValidDemoModel(dir)).toBe(true)
  // No leftovers from the build.
  expect(await readdir(home)).toEqual(['demo-model'])

  const built = (await stat(join(dir, 'manifest.json'))).mtimeMs
  const started = Date.now()
  expect(await ensureDemoModel(env)).toBe(dir)
  expect(Date.now() - started).toBeLessThan(1_000)
  expect((await stat(join(dir, 'manifest.json'))).mtimeMs).toBe(built)

  const damaged = join(dir, 'embed_tokens.bin')
  await truncate(damaged, 100)
  expect(await isValidDemoModel(dir)).toBe(false)
  await ensureDemoModel(env)
  expect(await isValidDemoModel(dir)).toBe(true)
  expect((await stat(damaged)).size).toBe(manifest.files['embed_tokens.bin'].bytes)
})

it('says plainly that the answers are random and how to get real ones', () => {
  expect(DEMO_MODEL_NOTICE).toMatch(/random/)
  expect(DEMO_MODEL_NOTICE).toMatch(/npx mpp convert --vit .+ --blip2 .+ --llm .+ --sft .+ --out /)
})
