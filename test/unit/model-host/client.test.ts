// ModelHostClient against a real host child process (built out/main/model-host.js, canned
// backend): streaming, queueing, cancel, crash mid-answer with replay, silent host, give-up.
import { execFileSync } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ModelHostClient } from '../../../main/model-host/client'
import { ModelHostError } from '../../../main/model-host/errors'
import {
  isRunning,
  makeFakePackage,
  removeDir,
  request,
  startFakeClient,
  waitFor
} from './host-test-utils'

const HI_ANSWER =
  'You said "hi" with 0 media. this fake model host answers with canned words so that ' +
  'streaming cancel and crash recovery can be tested without weights'

/** Model hosts this test process started that are still running. */
function hostChildren(): string[] {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), '-f', 'model-host.js'], {
      encoding: 'utf8'
    })
      .split('\n')
      .filter(Boolean)
  } catch {
    return []
  }
}

const cleanup: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step()
})

async function setup(tokenDelayMs = 10): Promise<{ client: ModelHostClient; pkg: string }> {
  const pkg = await makeFakePackage(tokenDelayMs)
  const client = await startFakeClient()
  cleanup.push(
    () => removeDir(pkg),
    () => client.dispose()
  )
  await client.load(pkg, { devices: 'cpu' })
  return { client, pkg }
}

describe('ModelHostClient (real child process, canned backend)', () => {
  it('loads with progress and streams an answer whose deltas make up the text', async () => {
    const pkg = await makeFakePackage()
    const client = await startFakeClient()
    cleanup.push(
      () => removeDir(pkg),
      () => client.dispose()
    )
    const phases: string[] = []
    const loaded = await client.load(pkg, { devices: 'cpu' }, (p) => phases.push(p.phase))
    expect(loaded.packagePath).toBe(pkg)
    expect(phases).toEqual(['manifest', 'weights', 'ready'])
    const deltas: string[] = []
    const result = await client.generate(request('hi'), { onDelta: (t) => deltas.push(t) })
    expect(result.text).toBe(HI_ANSWER)
    expect(deltas.join('')).toBe(HI_ANSWER)
    expect(deltas.length).toBe(26)
    expect(result.stats.stopReason).toBe('stop-token')
    const status = await client.status()
    expect(status).toMatchObject({
      state: 'ready',
      packagePath: pkg,
      placement: { devices: 'cpu' }
    })
    expect(status.pid).toBe(client.pid)
  })

  it('runs one generation at a time, in order, and cancels queued and running requests', async () => {
    const { client } = await setup(20)
    const order: string[] = []
    const running = new AbortController()
    const queued = new AbortController()
    const first = client.generate(
      request('one'),
      { onDelta: () => order.push('one') },
      running.signal
    )
    const second = client.generate(
      request('two'),
      { onDelta: () => order.push('two') },
      queued.signal
    )
    const third = client.generate(request('three', 3), { onDelta: () => order.push('three') })
    await waitFor(() => order.length >= 3, 5_000)
    expect((await client.status()).queued).toBe(2)
    queued.abort()
    running.abort()
    const [a, b, c] = await Promise.all([first, second, third])
    expect(a.stats.stopReason).toBe('cancelled')
    expect(a.text.startsWith('You said "one"')).toBe(true)
    expect(b).toMatchObject({ text: '', stats: { stopReason: 'cancelled' } })
    expect(c).toMatchObject({ text: 'You said "three"', stats: { stopReason: 'max-new-tokens' } })
    expect(order.includes('two')).toBe(false)
    expect(order.indexOf('three')).toBeGreaterThan(order.lastIndexOf('one'))
  })

  it('replays the running answer after SIGKILL and returns the same text as an uninterrupted run', async () => {
    const { client } = await setup(25)
    const reference = await client.generate(request('hi'))
    const firstPid = client.pid as number
    let deltas = 0
    let restarts = 0
    let shown = ''
    const restarted: number[] = []
    client.on('restarted', (info) => restarted.push(info.attempt))
    const result = await client.generate(request('hi'), {
      onDelta: (text) => {
        shown += text
        if (++deltas === 5) process.kill(firstPid, 'SIGKILL')
      },
      onRestart: () => {
        restarts++
        shown = ''
      }
    })
    expect(result.text).toBe(reference.text)
    expect(shown).toBe(reference.text)
    expect(restarts).toBe(1)
    expect(restarted).toEqual([1])
    expect(client.pid).not.toBe(firstPid)
    expect(isRunning(firstPid)).toBe(false)
    expect((await client.status()).state).toBe('ready')
  })

  it('restarts a host that stops answering heartbeats', async () => {
    const { client } = await setup(10)
    const stalledPid = client.pid as number
    process.kill(stalledPid, 'SIGSTOP')
    const restarted = new Promise<string>((resolve) =>
      client.on('restarted', (info) => resolve(info.reason))
    )
    expect(await restarted).toMatch(/stopped answering/)
    expect(isRunning(stalledPid)).toBe(false)
    expect((await client.generate(request('hi'))).text).toBe(HI_ANSWER)
  })

  it('gives up with CIRCUIT_OPEN when reloading fails every time', async () => {
    const { client, pkg } = await setup(25)
    let deltas = 0
    const states: string[] = []
    client.on('state', (state) => states.push(state))
    const answer = client.generate(request('hi'), {
      onDelta: () => {
        if (++deltas !== 3) return
        void writeFile(join(pkg, 'fake-model.json'), '{ corrupt').then(() => {
          process.kill(client.pid as number, 'SIGKILL')
        })
      }
    })
    const error = await answer.then(
      () => null,
      (failure: unknown) => failure
    )
    expect(error).toBeInstanceOf(ModelHostError)
    expect((error as ModelHostError).code).toBe('CIRCUIT_OPEN')
    expect((error as ModelHostError).message).toMatch(/failed 4 times in a row.*not valid JSON/)
    expect(client.state).toBe('failed')
    expect(states.at(-1)).toBe('failed')
    await expect(client.status()).rejects.toMatchObject({ code: 'CIRCUIT_OPEN' })
    await writeFile(join(pkg, 'fake-model.json'), '{}')
    await client.restart()
    expect((await client.status()).packagePath).toBe(pkg)
  })

  it('reports load failures as LOAD_FAILED without restarting', async () => {
    const client = await startFakeClient()
    cleanup.push(() => client.dispose())
    const pid = client.pid
    await expect(client.load('/nonexistent/package', null)).rejects.toMatchObject({
      code: 'REMOTE_ERROR',
      remoteCode: 'LOAD_FAILED',
      engineCode: 'FAKE_PACKAGE'
    })
    await expect(client.generate(request('hi'))).rejects.toMatchObject({ remoteCode: 'NOT_LOADED' })
    expect(client.pid).toBe(pid)
  })

  it('leaves no host behind when disposed while recovering from a crash', async () => {
    const client = await startFakeClient({ backoffMs: () => 100 })
    process.kill(client.pid as number, 'SIGKILL')
    await waitFor(() => client.state === 'restarting', 3_000)
    await client.dispose()
    await new Promise((done) => setTimeout(done, 1_000))
    expect(client.state).toBe('disposed')
    expect(hostChildren()).toEqual([])
  })

  it('unloads, and dispose stops the host process', async () => {
    const { client } = await setup()
    await client.unload()
    expect((await client.status()).state).toBe('empty')
    const pid = client.pid as number
    await client.dispose()
    expect(await waitFor(() => !isRunning(pid), 3_000)).toBe(true)
    await expect(client.status()).rejects.toMatchObject({ code: 'DISPOSED' })
  })
})
