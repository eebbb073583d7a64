// What people read when ONNX Runtime fails: one line, no stack trace, no full paths, ORT's
// wording made a sentence. Checked on ORT's real error for a damaged graph, in process and
// through the built CLI on a package whose cached decoder graph was damaged on disk.
// The CLI part needs `electron-vite build`.
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as ort from 'onnxruntime-node'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoModel } from '../../../main/inference/demo-model'
import { GRAPH_BUILDER_VERSION } from '../../../main/inference/package/model-package'
import { segmentGraphFile } from '../../../main/inference/package/tensor-names'
import { cleanMessage, userMessage } from '../../../main/inference/user-message'

const cli = resolve(import.meta.dirname, '../../../out/main/cli.js')
let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mpp-error-messages-'))
})

describe('userMessage', () => {
  it("turns ORT's load failure into one sentence naming the file only", async () => {
    const graph = join(root, 'damaged.onnx')
    await writeFile(graph, 'not a graph')
    const error = await ort.InferenceSession.create(graph).catch((e: unknown) => e)
    expect(String((error as Error).message)).toContain(graph)
    expect(userMessage(error)).toBe(
      'ONNX Runtime could not load damaged.onnx: Protobuf parsing failed.'
    )
  })

  it('keeps the first line of a multi-line message and drops stack frames and paths', () => {
    expect(
      cleanMessage(
        'Error: [ONNXRuntimeError] : 2 : INVALID_ARGUMENT : bad input in /home/me/.cache/x.onnx\n' +
          '    at run (/work/app/out/main/model-host.js:10:5)'
      )
    ).toBe('ONNX Runtime: bad input in x.onnx')
    expect(cleanMessage('see http://example.com/a/b for 1/2 of it')).toBe(
      'see http://example.com/a/b for 1/2 of it'
    )
  })
})

describe('the CLI on a damaged package', () => {
  it('prints one line without a stack trace or a full path', async () => {
    const demo = await ensureDemoModel({ ...process.env, MPP_HOME: join(root, 'home') })
    const pkg = join(root, 'damaged-package')
    await cp(demo, pkg, { recursive: true })
    const manifest = JSON.parse(await readFile(join(pkg, 'manifest.json'), 'utf8')) as {
      arch: { llm: { layers: number } }
    }
    const layers = manifest.arch.llm.layers
    // A cached decoder graph is not in the hashed file list: damage it and keep the cache stamp.
    await writeFile(join(pkg, '.graph-version'), GRAPH_BUILDER_VERSION)
    await writeFile(join(pkg, segmentGraphFile(0, layers, 'hostkv')), 'damaged')
    const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = execFile(process.execPath, [cli, 'run', '--model', pkg, 'hi'], (error, _o, e) =>
        done({ code: error ? child.exitCode : 0, stderr: e })
      )
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `mpp: unexpected error: ONNX Runtime could not load ${segmentGraphFile(0, layers, 'hostkv')}: Protobuf parsing failed.\n`
    )
  })
})
