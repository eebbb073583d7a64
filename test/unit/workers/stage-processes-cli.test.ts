// `mpp run --devices webgpu:0,webgpu:0 --split 1,1` end to end: the CLI starts two stage
// processes (seen as its children with ps while it answers) and prints the greedy ids of the
// plain one-CPU-stage run. `mpp plan` refuses an adapter that does not exist, naming it.
// Needs the built CLI (out/main/cli.js) and SwiftShader.
import { execFile, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SWIFTSHADER_ICD } from '../../../main/inference/devices/webgpu-env'
import { childrenRunning } from '../../helpers/child-processes'
import { makeTinyPackage, type TinyPackage } from './tiny-package'

const cli = join(resolve(import.meta.dirname, '../../..'), 'out/main/cli.js')
const env = { ...process.env, VK_ICD_FILENAMES: SWIFTSHADER_ICD }
const ANSWER = ['--max-new-tokens', '3', '--json', 'Hello']

let pkg: TinyPackage
beforeAll(async () => {
  pkg = await makeTinyPackage(4)
}, 120_000)
afterAll(async () => pkg?.remove())

/** Runs the CLI, sampling its stage-process children every 200 ms. */
function runWatched(args: string[]): Promise<{ stdout: string; children: Set<number> }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { env })
    const children = new Set<number>()
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setInterval(() => {
      if (child.pid)
        for (const pid of childrenRunning(child.pid, 'stage-process.js')) children.add(pid)
    }, 200)
    child.on('error', fail)
    child.on('exit', (code) => {
      clearInterval(timer)
      if (code === 0) done({ stdout, children })
      else fail(new Error(`mpp exited with ${code}: ${stderr}`))
    })
  })
}

describe('mpp run over two stage processes on one adapter', () => {
  it('runs each half in its own process and answers as one CPU stage does', async () => {
    const single = JSON.parse(
      (
        await promisify(execFile)(process.execPath, [cli, 'run', '--model', pkg.dir, ...ANSWER], {
          env
        })
      ).stdout
    ) as { ids: number[] }
    const split = await runWatched([
      'run',
      '--model',
      pkg.dir,
      '--devices',
      'webgpu:0,webgpu:0',
      '--split',
      '1,1',
      ...ANSWER
    ])
    expect(split.children.size).toBe(2)
    expect((JSON.parse(split.stdout) as { ids: number[] }).ids).toEqual(single.ids)
  }, 300_000)

  it('refuses a placement onto an adapter that does not exist', async () => {
    const failure = await promisify(execFile)(
      process.execPath,
      [cli, 'plan', '--model', pkg.dir, '--devices', 'webgpu:1,cpu'],
      { env }
    ).catch((error: { stderr: string; code: number }) => error)
    expect('code' in failure && failure.code).toBe(1)
    expect((failure as { stderr: string }).stderr).toContain(
      'device webgpu:1 is not available here (available: cpu, webgpu'
    )
  }, 120_000)
})
