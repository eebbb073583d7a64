import { test } from 'vitest'
import { rm } from 'node:fs/promises'
import { makeTestModel } from '../../../main/inference/test-model/make-test-model'
test('scratch', async () => {
  const dir = '/tmp/pk-small'
  await rm(dir, { recursive: true, force: true })
  const t0 = Date.now()
  await makeTestModel({ outDir: dir + '/src', preset: 'small', tokenizerPath: '/work/shared/fixtures/qwen.tiktoken' })
  console.log('make', Date.now() - t0)
}, 600000)
