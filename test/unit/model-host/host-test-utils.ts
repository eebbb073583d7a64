// Shared set-up for model-host tests: the built host entry (out/main/model-host.js, so these
// tests need `electron-vite build` first, as `npm test` does), fake packages in temp dirs and a
// client wired to the canned backend.
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import {
  DEFAULT_GENERATION_OPTIONS,
  type GenerateRequest
} from '../../../main/inference/engine-api'
import { ModelHostClient, type ModelHostClientOptions } from '../../../main/model-host/client'
import { createNodeHostAdapter } from '../../../main/model-host/node-adapter'

export const HOST_ENTRY = resolve(import.meta.dirname, '../../../out/main/model-host.js')

export function assertHostBuilt(): void {
  if (!existsSync(HOST_ENTRY)) {
    throw new Error(`${HOST_ENTRY} is missing: run \`npx electron-vite build\` first`)
  }
}

export async function makeFakePackage(tokenDelayMs = 10): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mpp-fake-pkg-'))
  await writeFile(join(dir, 'fake-model.json'), JSON.stringify({ tokenDelayMs }))
  return dir
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true })
}

export function startFakeClient(
  overrides: Partial<ModelHostClientOptions> = {}
): Promise<ModelHostClient> {
  assertHostBuilt()
  return ModelHostClient.start({
    adapter: createNodeHostAdapter({ entryPath: HOST_ENTRY }),
    env: { MPP_HOST_FAKE: '1' },
    heartbeatIntervalMs: 100,
    heartbeatTimeoutMs: 1_500,
    backoffMs: () => 50,
    ...overrides
  })
}

export function request(query: string, maxNewTokens = 512): GenerateRequest {
  return {
    conversationId: 'c1',
    system: 'You are a helpful assistant.',
    turns: [{ query, media: [] }],
    options: { ...DEFAULT_GENERATION_OPTIONS, maxNewTokens }
  }
}

/** True while a process with this pid exists and is not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.split(') ')[1]?.[0] !== 'Z'
  } catch {
    return true
  }
}

export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((done) => setTimeout(done, 50))
  }
  return check()
}
