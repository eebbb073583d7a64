// The repository's own eslint config refuses, in small fixture trees: an import from a lower
// layer of main/ to a higher one, an import cycle between two folders that no file cycle
// explains, and an import cycle between two files (type-only imports count).
import { join, resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const repo = resolve(import.meta.dirname, '../../..')
const fixtures = join(repo, 'test/fixtures/boundaries')

async function boundaryMessages(tree: string, file: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: join(fixtures, tree),
    overrideConfigFile: join(repo, 'eslint.config.mjs'),
    ignore: false
  })
  const [result] = await eslint.lintFiles([join(fixtures, tree, file)])
  return result.messages
    .filter((message) => message.ruleId?.startsWith('boundaries/'))
    .map((message) => `${message.ruleId}: ${message.message}`)
}

describe('the boundary lint rules', () => {
  it('refuse an import from a lower layer to a higher one, and allow the other way', async () => {
    expect(await boundaryMessages('layer', 'main/media/probe.ts')).toEqual([
      expect.stringMatching(
        /^boundaries\/layers: main\/media may not import main\/inference, a higher layer/
      ),
      // media -> inference -> media is also a cycle between the two folders.
      expect.stringMatching(/^boundaries\/no-cycle: import cycle between files/)
    ])
    expect(await boundaryMessages('layer', 'main/inference/engine.ts')).toEqual([
      expect.stringMatching(/^boundaries\/no-cycle: import cycle between files/)
    ])
  })

  it('refuse a cycle between folders made of files that form no cycle', async () => {
    expect(await boundaryMessages('cycle', 'main/inference/a/one.ts')).toEqual([
      'boundaries/no-cycle: import cycle between folders: inference/a -> inference/b -> inference/a ' +
        '(main/inference/b/two.ts imports main/inference/a/three.ts)'
    ])
  })

  it('refuse a cycle between two files, type-only imports included', async () => {
    expect(await boundaryMessages('cycle', 'main/services/left.ts')).toEqual([
      'boundaries/no-cycle: import cycle between files: main/services/left.ts -> ' +
        'main/services/right.ts -> main/services/left.ts'
    ])
  })
})
