// An import whose conversation.json is built to make the parser work (deep nesting, millions of
// tiny objects) is refused by the pre-scan with a specific reason, saving nothing; a real export's
// JSON is far inside the bounds.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONVERSATION_JSON_BOUNDS, jsonBoundsProblem } from '../../../main/services/json-bounds'
import { handZip } from '../../helpers/hand-zip'
import { scriptedEngine } from '../../helpers/scripted-engine'
import { serviceFixture } from '../../helpers/service-fixture'
import { worstTimerLag } from '../../helpers/timer-lag'

async function importJson(text: string) {
  const fixture = await serviceFixture(scriptedEngine(['ok']))
  const zip = join(fixture.root, 'attack.zip')
  await writeFile(zip, handZip([['export/conversation.json', Buffer.from(text)]]))
  const outcome = await fixture.service.importFrom(zip).then(
    () => null,
    (error: unknown) => error
  )
  return { outcome, saved: await fixture.store.list() }
}

describe('import of a hostile conversation.json', () => {
  it('refuses 8 million nested arrays before parsing them', async () => {
    const depth = 8_000_000
    const { outcome, saved } = await importJson('['.repeat(depth) + ']'.repeat(depth))
    expect(outcome).toMatchObject({
      code: 'BAD_INPUT',
      message:
        'attack.zip: conversation.json is not a conversation: it is nested deeper than 32 levels'
    })
    expect(saved).toEqual([])
  })

  it('refuses a million tiny turns before the schema check walks them', async () => {
    const turns = Array.from({ length: 1_000_000 }, () => '{}').join(',')
    const { outcome, saved } = await importJson(`{"version":3,"turns":[${turns}]}`)
    expect(outcome).toMatchObject({
      code: 'BAD_INPUT',
      message:
        'attack.zip: conversation.json is not a conversation: it holds more than 200000 objects and arrays'
    })
    expect(saved).toEqual([])
  })

  // Within the bounds, 150 000 wrong turns still cost the schema check seconds and a gigabyte of
  // issues: that happens in the worker, while this thread keeps serving.
  it('checks a costly conversation.json off this thread, which keeps ticking', async () => {
    const turns = Array.from({ length: 150_000 }, () => '{}').join(',')
    const { result, lagMs } = await worstTimerLag(() =>
      importJson(`{"version":3,"turns":[${turns}]}`)
    )
    expect(result.outcome).toMatchObject({ code: 'BAD_INPUT' })
    expect((result.outcome as Error).message).toMatch(
      /^attack\.zip: conversation\.json is not a conversation/
    )
    expect(result.saved).toEqual([])
    expect(lagMs).toBeLessThan(1000)
  }, 30_000)

  it('counts only structure outside strings, so brackets in answers cost nothing', () => {
    const text = JSON.stringify({ turns: [{ response: '[[[[{{{{'.repeat(10_000) }] })
    expect(jsonBoundsProblem(text, CONVERSATION_JSON_BOUNDS)).toBeNull()
    const escaped = JSON.stringify({ a: '\\"[[[[' })
    expect(jsonBoundsProblem(escaped, { maxDepth: 1, maxContainers: 10 })).toBeNull()
    expect(jsonBoundsProblem('[[', { maxDepth: 1, maxContainers: 10 })).toBe(
      'it is nested deeper than 1 levels'
    )
  })
})
