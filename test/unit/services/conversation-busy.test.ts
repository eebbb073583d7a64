// One answer at a time per conversation, also when requests arrive together: the first claims the
// conversation before it awaits anything, the others get BUSY, and stop stops what is running.
import { describe, expect, it } from 'vitest'
import { scriptedEngine } from '../../helpers/scripted-engine'
import { serviceFixture } from '../../helpers/service-fixture'

const WORDS = Array.from({ length: 400 }, (_, i) => `w${i}`)

describe('ConversationService busy check', () => {
  it('accepts one of 20 parallel sends on a conversation and answers BUSY to the other 19', async () => {
    const engine = scriptedEngine(['Done.'], 1)
    const { service, store } = await serviceFixture(engine)
    const c = await service.create()
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => service.send(c.id, `question ${i}`, []))
    )
    await service.idle(c.id)
    const accepted = outcomes.filter((o) => o.status === 'fulfilled')
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []))
    expect(accepted).toHaveLength(1)
    expect(refused).toHaveLength(19)
    for (const reason of refused) expect(reason).toMatchObject({ code: 'BUSY' })
    expect(engine.requests).toHaveLength(1)
    const saved = await store.load(c.id)
    expect(saved.turns.map((t) => t.status)).toEqual(['done'])
  })

  it('refuses regenerate, edit-and-resend and answer switching while a send is being set up', async () => {
    const engine = scriptedEngine(['First.'], 1)
    const { service } = await serviceFixture(engine)
    const c = await service.create()
    await service.send(c.id, 'one', [])
    await service.idle(c.id)
    const first = (await service.get(c.id)).turns[0]
    const sending = service.send(c.id, 'two', [])
    // Issued in the same tick, before the send's first await has settled.
    const others = await Promise.allSettled([
      service.regenerate(c.id),
      service.editAndResend(c.id, first.id, 'one again'),
      service.selectAnswer(c.id, first.id, 0),
      service.editAnswer(c.id, first.id, 'hand-written')
    ])
    await sending
    await service.idle(c.id)
    for (const outcome of others) {
      expect(outcome.status).toBe('rejected')
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'BUSY' })
    }
    expect((await service.get(c.id)).turns.map((t) => t.query)).toEqual(['one', 'two'])
  })

  it('with 3 parallel sends, stop leaves nothing running once it returns', async () => {
    const engine = scriptedEngine(WORDS, 2)
    const { service, store } = await serviceFixture(engine)
    const c = await service.create()
    const sends = Array.from({ length: 3 }, (_, i) => service.send(c.id, `q${i}`, []))
    const stopped = service.stop(c.id)
    await Promise.allSettled(sends)
    await stopped
    const afterStop = await store.load(c.id)
    // Nothing may still be writing: the saved conversation does not change afterwards.
    await new Promise((resolve) => setTimeout(resolve, 100))
    const later = await store.load(c.id)
    expect(later).toEqual(afterStop)
    expect(later.turns.every((t) => t.status !== 'streaming')).toBe(true)
    expect(engine.requests.length).toBeLessThanOrEqual(1)
  })

  it('stop during an answer returns once the answer is saved as stopped', async () => {
    const engine = scriptedEngine(WORDS, 2)
    const { service, store } = await serviceFixture(engine)
    const c = await service.create()
    await service.send(c.id, 'long', [])
    await new Promise((resolve) => setTimeout(resolve, 30))
    await service.stop(c.id)
    const saved = await store.load(c.id)
    expect(saved.turns[0].status).toBe('stopped')
    expect(saved.turns[0].response.split(' ').length).toBeLessThan(WORDS.length)
    await expect(service.send(c.id, 'next', [])).resolves.toMatchObject({})
    await service.stop(c.id)
  })
})
