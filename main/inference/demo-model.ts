// The built-in demo model: a random-weight package made locally (make-test-model's tiny preset,
// then the real converter) in a cache folder, built once, reused, rebuilt when invalid. Every
// front door that falls back to it prints DEMO_MODEL_NOTICE: its answers are noise.
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { defineError, MppError } from '../shared/errors'
import { MANIFEST_FILE, manifestSchema } from './package/manifest'
import { resourcePath } from './resources-path'
import { convertModel } from './convert/convert'
import { makeTestModel, type TestModelFiles } from './test-model/make-test-model'
import { findQwenTiktoken } from './test-model/find-tokenizer'
import { QwenTokenizer } from './tokenizer/qwen-tokenizer'

export const DEMO_MODEL_NOTICE =
  'Using the built-in demo model: its weights are random, so its answers are random text. ' +
  'For real answers, convert the real weights once and pass --model:\n' +
  '  npx mpp convert --vit eva_vit_g.pth --blip2 blip2_pretrained_flant5xxl.pth ' +
  '--llm Qwen-7B-Chat/ --sft unfreeze_llm_model.pth --out mpp-qwen7b'

/** Bumped when the recipe changes, so old caches are rebuilt. */
const DEMO_RECIPE = 'tiny-seed7-seq8192-harmless-words-v4'
const STAMP_FILE = 'demo-model.json'
/** A build takes seconds; a lock this old was left by a process that died. */
const LOCK_STALE_MS = 120_000

export const DemoModelError = defineError('DemoModelError', ['DEMO_MODEL_FAILED'])

/** $MPP_HOME/demo-model, else $XDG_CACHE_HOME (or ~/.cache)/mpp-desktop/demo-model. */
export function demoModelDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MPP_HOME) return join(env.MPP_HOME, 'demo-model')
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache')
  return join(cache, 'mpp-desktop', 'demo-model')
}

/** True when `dir` holds a complete demo package of the current recipe. */
export async function isValidDemoModel(dir: string): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(join(dir, STAMP_FILE), 'utf8')) as { recipe?: unknown }
    if (stamp.recipe !== DEMO_RECIPE) return false
    const manifest = manifestSchema.parse(
      JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'))
    )
    if (!manifest.demo) return false
    for (const [name, entry] of Object.entries(manifest.files)) {
      if ((await stat(join(dir, name))).size !== entry.bytes) return false
    }
    return true
  } catch {
    return false
  }
}

const building = new Map<string, Promise<string>>()

/** The demo package folder, made first if it is missing or invalid. */
export function ensureDemoModel(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = demoModelDir(env)
  let pending = building.get(dir)
  if (!pending) {
    pending = buildIfNeeded(dir).finally(() => building.delete(dir))
    building.set(dir, pending)
  }
  return pending
}

async function buildIfNeeded(dir: string): Promise<string> {
  if (await isValidDemoModel(dir)) return dir
  const release = await lockBuild(dir)
  try {
    // Another process may have built it while this one waited for the lock.
    if (await isValidDemoModel(dir)) return dir
    return await build(dir)
  } finally {
    await release()
  }
}

/** One builder per cache folder across processes: an exclusive mkdir, stale after a while. */
async function lockBuild(dir: string): Promise<() => Promise<void>> {
  const lock = `${dir}.lock`
  await mkdir(dirname(dir), { recursive: true })
  const deadline = Date.now() + LOCK_STALE_MS
  for (;;) {
    try {
      await mkdir(lock)
      return () => rm(lock, { recursive: true, force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs
    if (age > LOCK_STALE_MS || Date.now() > deadline) {
      await rm(lock, { recursive: true, force: true })
      continue
    }
    await sleep(200)
  }
}

async function build(dir: string): Promise<string> {
  const work = `${dir}.building-${process.pid}`
  await rm(work, { recursive: true, force: true })
  try {
    await mkdir(work, { recursive: true })
    const tokenizerPath = bundledTokenizerFile()
    const sources = await makeTestModel({
      headPairs: harmlessPairs(tokenizerPath),
      outDir: join(work, 'sources'),
      preset: 'tiny',
      seed: 7,
      // The tiny preset's short seq_length exists to exercise NTK in tests; people chatting
      // with the demo need the real model's window.
      seqLength: 8192,
      tokenizerPath
    })
    const packageDir = join(work, 'package')
    await convertDemo(sources, packageDir)
    await writeFile(join(packageDir, STAMP_FILE), JSON.stringify({ recipe: DEMO_RECIPE }) + '\n')
    await rm(dir, { recursive: true, force: true })
    await rename(packageDir, dir)
    return dir
  } catch (error) {
    if (error instanceof MppError) throw error
    throw new DemoModelError(
      'DEMO_MODEL_FAILED',
      `Could not build the demo model in ${dir}: ${String(error)}`,
      { cause: error }
    )
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/**
 * The only words the demo model can write: random weights over the whole vocabulary would show
 * whatever the dice pick, offensive words included, to someone's very first try of the app.
 */
export const DEMO_WORDS = [
  'apple',
  'river',
  'cloud',
  'garden',
  'music',
  'paper',
  'window',
  'yellow',
  'green',
  'blue',
  'bright',
  'quiet',
  'happy',
  'little',
  'morning',
  'summer',
  'forest',
  'flower',
  'bread',
  'tea',
  'light',
  'stone',
  'bird',
  'boat',
  'book',
  'chair',
  'table',
  'lamp',
  'hill',
  'sky',
  'rain',
  'snow',
  'sun',
  'moon',
  'star',
  'tree',
  'leaf',
  'sea',
  'sand',
  'road'
] as const

/** Each demo word with a leading space, as one token, paired for the model's head. */
function harmlessPairs(tokenizerPath: string): [number, number][] {
  const tokenizer = QwenTokenizer.fromFile(tokenizerPath)
  const ids = DEMO_WORDS.map((word) => {
    const encoded = tokenizer.encode(` ${word}`, { allowSpecial: false })
    if (encoded.length !== 1) {
      throw new DemoModelError('DEMO_MODEL_FAILED', `" ${word}" is not one token`)
    }
    return encoded[0]
  })
  const pairs: [number, number][] = []
  for (let i = 0; i + 1 < ids.length; i += 2) pairs.push([ids[i], ids[i + 1]])
  return pairs
}

/** The Qwen tokenizer shipped with the app (or found beside the working folder in a checkout). */
export function bundledTokenizerFile(): string {
  const bundled = resourcePath('tokenizer', 'qwen.tiktoken')
  if (existsSync(bundled)) return bundled
  const found = findQwenTiktoken([process.cwd()])
  if (!found)
    throw new DemoModelError(
      'DEMO_MODEL_FAILED',
      'qwen.tiktoken is missing from resources/tokenizer'
    )
  return found
}

async function convertDemo(sources: TestModelFiles, packageDir: string): Promise<void> {
  await convertModel({
    vit: sources.vision,
    blip2: sources.blip2,
    llm: sources.qwenFolder,
    sft: sources.sft,
    arch: sources.archJson,
    dtype: 'fp32',
    out: packageDir,
    demo: true
  })
}
