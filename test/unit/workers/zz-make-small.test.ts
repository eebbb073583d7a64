import { it } from 'vitest'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { convertModel } from '../../../main/inference/convert/convert'
import { makeTestModel } from '../../../main/inference/test-model/make-test-model'
it('makes small', async () => {
  const root = '/tmp/placement/small'
  await mkdir(root, { recursive: true })
  const files = await makeTestModel({
    outDir: join(root, 'source'),
    preset: 'small',
    vocab: 'reduced',
    seed: 5,
    tokenizerPath: '/work/shared/fixtures/qwen.tiktoken'
  })
  const arch = JSON.parse(await readFile(files.archJson, 'utf8'))
  delete arch.vision.depth
  await writeFile(join(root, 'arch.json'), JSON.stringify(arch))
  await convertModel({
    vit: files.vision,
    blip2: files.blip2,
    llm: files.qwenFolder,
    sft: files.sft,
    arch: join(root, 'arch.json'),
    dtype: 'fp32',
    out: join(root, 'pkg'),
    demo: true
  })
}, 900_000)
