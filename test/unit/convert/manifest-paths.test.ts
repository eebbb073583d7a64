// A model package's manifest may name only files inside the package folder: a tampered manifest
// that points its tokenizer, embedding table, tensors or checked files at `../…` or an absolute
// path is refused when the package is opened, even when the file it names exists and matches.
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureDemoModel } from '../../../main/inference/demo-model'
import type { Manifest } from '../../../main/inference/package/manifest'
import { ModelPackage } from '../../../main/inference/package/model-package'

let root: string
let demo: string
let outside: string
let outsideEntry: { bytes: number; sha256: string }

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'mpp-manifest-paths-'))
  demo = await ensureDemoModel({ ...process.env, MPP_HOME: join(root, 'home') })
  // A real file beside the package, with its true size and hash, as an attacker would list it.
  outside = join(root, 'secret.bin')
  const secret = Buffer.from('not part of any model')
  await writeFile(outside, secret)
  outsideEntry = { bytes: secret.length, sha256: createHash('sha256').update(secret).digest('hex') }
})

async function tampered(name: string, edit: (manifest: Manifest) => void): Promise<string> {
  const dir = join(root, name)
  await cp(demo, dir, { recursive: true })
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest
  edit(manifest)
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest))
  return dir
}

describe('manifest paths', () => {
  it('the untouched demo package opens', async () => {
    await expect(ModelPackage.open(demo)).resolves.toBeInstanceOf(ModelPackage)
  })

  it.each([
    ['tokenizer', (m: Manifest) => void (m.tokenizerFile = '../secret.bin')],
    ['embedding', (m: Manifest) => void (m.embedding.file = '../secret.bin')],
    [
      'tensor',
      (m: Manifest) => {
        const first = Object.values(m.tensors)[0]
        first.file = '/etc/passwd'
      }
    ],
    ['checked file', (m: Manifest) => void (m.files['../secret.bin'] = outsideEntry)],
    [
      'checked file, nested',
      (m: Manifest) => void (m.files['weights/../../secret.bin'] = outsideEntry)
    ]
  ])('refuses a %s outside the package', async (name, edit) => {
    const dir = await tampered(name.replace(/\W/g, '-'), edit)
    await expect(ModelPackage.open(dir)).rejects.toMatchObject({
      code: 'bad-manifest',
      message: expect.stringContaining('must name a file inside the package folder')
    })
  })
})
