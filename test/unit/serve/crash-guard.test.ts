// The serve command's last line of defence, in a real Node process: with keepServing installed,
// a rejection nobody handles and an exception thrown from a timer are each logged as one line and
// the process goes on (without it, Node exits on either). The module is compiled with TypeScript
// and run in a child process, since the test runner's own process treats both as test failures.
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { beforeAll, describe, expect, it } from 'vitest'

const SOURCE = join(import.meta.dirname, '../../../main/serve/crash-guard.ts')
let guardFile: string

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mpp-crash-guard-'))
  const compiled = ts.transpileModule(await readFile(SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 }
  })
  guardFile = join(dir, 'crash-guard.mjs')
  await writeFile(guardFile, compiled.outputText)
})

function runScript(body: string) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', body], {
    encoding: 'utf8',
    timeout: 20_000
  })
}

const FAULTS = `
Promise.reject(new Error('a request rejected'))
setTimeout(() => { throw new TypeError('a request threw') }, 10)
setTimeout(() => { console.log('still serving'); process.exit(0) }, 200)
`

describe('keepServing', () => {
  it('logs an unhandled rejection and an uncaught exception, and the process stays up', () => {
    const run = runScript(
      `import { keepServing } from ${JSON.stringify(guardFile)}\n` +
        `keepServing((line) => process.stderr.write(line + '\\n'))\n${FAULTS}`
    )
    expect(run.status).toBe(0)
    expect(run.stdout).toBe('still serving\n')
    expect(run.stderr).toBe(
      'error: a request failed and was dropped (unhandled rejection): Error: a request rejected\n' +
        'error: a request failed and was dropped (uncaught exception): TypeError: a request threw\n'
    )
  })

  it('is what keeps it up: the same faults without it end the process', () => {
    const run = runScript(FAULTS)
    expect(run.status).not.toBe(0)
    expect(run.stdout).toBe('')
  })
})
