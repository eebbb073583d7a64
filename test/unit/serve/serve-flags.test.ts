// `mpp serve --host 0.0.0.0 --allow-paths` as a user starts it (the built CLI): it warns that it
// listens on every address and with paths allowed, prints a link that works from this machine, and
// answers to each of the machine's own addresses in the Host header; with --allow-paths the API
// takes a file by its path. Needs `electron-vite build`.
import { request } from 'node:http'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { startServe, type ServeHandle } from '../../e2e/support/serve-process'
import { FIXTURE_IMAGES } from '../../helpers/service-fixture'

let serve: ServeHandle
let port: number
let token: string

beforeAll(async () => {
  serve = await startServe({ args: ['--host', '0.0.0.0', '--allow-paths'] })
  port = Number(new URL(serve.url).port)
  token = new URL(serve.url).searchParams.get('token') ?? ''
})

afterAll(async () => {
  await serve?.stop()
})

const machineAddresses = (): string[] =>
  Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((entry) => entry.address))

function statusWithHost(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: `/?token=${token}`, headers: { host } }, (answer) => {
      answer.resume()
      resolve(answer.statusCode ?? 0)
    })
      .on('error', reject)
      .end()
  })
}

describe('mpp serve --host 0.0.0.0 --allow-paths', () => {
  it('warns at start and lists the addresses it can be reached at', async () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/)
    // The warnings follow the printed link on the other stream.
    await vi.waitFor(() => expect(serve.stderr()).toContain('--allow-paths'))
    expect(serve.stderr()).toContain(
      'warning: listening on 0.0.0.0 (every address of this machine); anyone who can reach it and has the link can use it'
    )
    expect(serve.stderr()).toContain(
      'warning: --allow-paths: anyone with the link can read files on this machine'
    )
    for (const address of machineAddresses()) {
      if (address === '127.0.0.1' || address === '::1') continue
      const host = address.includes(':') ? `[${address}]` : address
      expect(serve.stderr()).toContain(`  also at http://${host}:${port}/?token=${token}\n`)
    }
  })

  it("answers to each of the machine's own addresses, and not to another name", async () => {
    for (const address of machineAddresses()) {
      const host = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
      expect(await statusWithHost(host), host).toBe(200)
    }
    expect(await statusWithHost(`0.0.0.0:${port}`)).toBe(200)
    expect(await statusWithHost(`evil.example:${port}`)).toBe(400)
  })

  it('takes a file by its path', async () => {
    const answer = await fetch(`http://127.0.0.1:${port}/api/attachments.addPath`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mpp-token': token },
      body: JSON.stringify({ path: join(FIXTURE_IMAGES, '004090033.jpg') })
    })
    expect(await answer.json()).toMatchObject({ ok: true, value: { width: 622, height: 336 } })
  })
})
