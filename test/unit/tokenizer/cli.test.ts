// `mpp tokenize | detokenize | prompt` end to end. Needs the built CLI (out/main/cli.js): `npm test`
// builds before the unit tests; locally run `flock /tmp/build.lock npx electron-vite build` first.
import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const repoRoot = resolve(import.meta.dirname, '../../..')
const cli = join(repoRoot, 'out/main/cli.js')
const run = promisify(execFile)
const SLOTS = new Array<number>(32).fill(151646)
const FIRST_TURN = [
  151644,
  8948,
  198,
  2610,
  525,
  264,
  10950,
  17847,
  13,
  151645,
  198,
  151644,
  872,
  198,
  27,
  13033,
  29,
  ...SLOTS,
  522,
  13033,
  29,
  74785,
  419,
  2168,
  13,
  151645,
  198,
  151644,
  77091,
  198
]

async function mpp(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [cli, ...args], { cwd: tmpdir() })
  return stdout
}

async function mppFails(...args: string[]): Promise<string> {
  try {
    await run(process.execPath, [cli, ...args], { cwd: tmpdir() })
  } catch (error) {
    const failure = error as { code?: number; stderr?: string }
    expect(failure.code).toBe(1)
    return failure.stderr ?? ''
  }
  throw new Error(`mpp ${args.join(' ')} should have failed`)
}

function writeTemp(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mpp-text-cli-')), name)
  writeFileSync(path, content)
  return path
}

describe('mpp tokenize / detokenize', () => {
  it('prints ids as one JSON array, specials parsed unless --no-special', async () => {
    expect(await mpp('tokenize', '<|endoftext|>')).toBe('[151643]\n')
    expect(JSON.parse(await mpp('tokenize', '--no-special', '<|endoftext|>'))).toEqual([
      27, 91, 8691, 723, 427, 91, 29
    ])
    expect(JSON.parse(await mpp('tokenize', 'Hello, world! 12345'))).toEqual([
      9707, 11, 1879, 0, 220, 16, 17, 18, 19, 20
    ])
  })

  it('decodes ids to text and accepts an explicit --vocab', async () => {
    const vocab = resolve(repoRoot, '../shared/fixtures/qwen.tiktoken')
    expect(
      await mpp('detokenize', '--vocab', vocab, '14880', '53481', '108893', '45930', '1773')
    ).toBe('请描述这张图片。\n')
  })

  it('rejects padding ids and non-numeric ids with a readable error', async () => {
    expect(await mppFails('detokenize', '151851')).toMatch(
      /token id 151851 is not in the Qwen vocabulary/
    )
    expect(await mppFails('detokenize', 'abc')).toMatch(/"abc" is not a token id/)
  })

  it('reports a missing vocabulary file', async () => {
    expect(await mppFails('tokenize', '--vocab', '/no/such/qwen.tiktoken', 'x')).toMatch(
      /cannot read the vocabulary/
    )
  })
})

describe('mpp prompt', () => {
  it('prints the 61 ids of MODEL-SPEC §7.3 for one image', async () => {
    expect(JSON.parse(await mpp('prompt', '--images', '1', 'Describe this image.'))).toEqual(
      FIRST_TURN
    )
  })

  it('prints the 77 ids of the second turn, the image kept in the first history query', async () => {
    const history = writeTemp('history.json', JSON.stringify([['Describe this image.', 'A cat.']]))
    const ids: unknown = JSON.parse(
      await mpp('prompt', '--images', '1', '--history', history, 'What color?')
    )
    expect(ids).toEqual([
      ...FIRST_TURN,
      ...[
        32, 8251, 13, 151645, 198, 151644, 872, 198, 3838, 1894, 30, 151645, 198, 151644, 77091, 198
      ]
    ])
  })

  it('rejects a malformed history file', async () => {
    const history = writeTemp('history.json', JSON.stringify({ query: 'q' }))
    expect(await mppFails('prompt', '--history', history, 'q')).toMatch(/is not a history file/)
  })
})
