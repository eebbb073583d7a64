// Turns end to end over the real stores: labels and media order in the engine request, streaming
// events, stop, regenerate, edit, clear history (turns go, images stay) and persistence.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_GENERATION_OPTIONS } from '../../../main/inference/engine-api'
import { ConversationStore } from '../../../main/services/conversation-store'
import { scriptedEngine } from '../../helpers/scripted-engine'
import { FIXTURE_IMAGES, serviceFixture } from '../../helpers/service-fixture'

const IMAGE_A = join(FIXTURE_IMAGES, 'minigpt4_image_3.jpg')
const IMAGE_B = join(FIXTURE_IMAGES, '004090033.jpg')

describe('ConversationService', () => {
  it('sends two labelled images in order, streams deltas and saves the answer', async () => {
    const engine = scriptedEngine(['Two', 'different', 'pictures.'])
    const { service, attachments, log, root } = await serviceFixture(engine)
    const a = await attachments.addPath(IMAGE_A)
    const b = await attachments.addPath(IMAGE_B)
    const conversation = await service.create()
    const query = 'Compare Image A and Image B'
    const { turnId } = await service.send(conversation.id, query, [
      { id: a.id, frames: null },
      { id: b.id, frames: null }
    ])
    await service.idle(conversation.id)

    const request = engine.requests[0]
    expect(request.turns).toEqual([
      {
        query,
        media: [
          { kind: 'image', path: await attachments.pathOf(a.id) },
          { kind: 'image', path: await attachments.pathOf(b.id) }
        ]
      }
    ])
    expect(request.options).toEqual(DEFAULT_GENERATION_OPTIONS)
    expect(request.system).toBe('You are a helpful assistant.')
    const deltas = log.filter((m) => m.event === 'conversation.delta').map((m) => m.payload)
    expect(deltas.map((d) => ('text' in d ? d.text : '')).join('')).toBe('Two different pictures.')

    const reread = await new ConversationStore({ dir: join(root, 'conversations') }).load(
      conversation.id
    )
    expect(reread.title).toBe(query)
    expect(reread.attachments.map((x) => [x.label, x.name])).toEqual([
      ['A', 'minigpt4_image_3.jpg'],
      ['B', '004090033.jpg']
    ])
    expect(reread.turns[0]).toMatchObject({
      id: turnId,
      response: 'Two different pictures.',
      status: 'done',
      stats: { msToFirstToken: 5, decodeTokensPerSec: 50, options: DEFAULT_GENERATION_OPTIONS }
    })
    // The receipt: each label with the file's own size (`file` reports 224x224 and 622x336)
    // and the engine's image and token counts.
    expect(reread.turns[0].stats?.received).toEqual([
      {
        attachmentId: a.id,
        label: 'A',
        kind: 'image',
        width: 224,
        height: 224,
        images: 1,
        imageTokens: 32
      },
      {
        attachmentId: b.id,
        label: 'B',
        kind: 'image',
        width: 622,
        height: 336,
        images: 1,
        imageTokens: 32
      }
    ])
  })

  it('fails the turn, keeping its text, when the engine reports an attachment it did not use', async () => {
    const engine = scriptedEngine(['only', 'text'])
    const generate = engine.generate.bind(engine)
    engine.generate = async (request, handlers, signal) => {
      const result = await generate(request, handlers, signal)
      return { ...result, stats: { ...result.stats, media: result.stats.media.slice(1) } }
    }
    const { service, attachments } = await serviceFixture(engine)
    const a = await attachments.addPath(IMAGE_A)
    const b = await attachments.addPath(IMAGE_B)
    const conversation = await service.create()
    await service.send(conversation.id, 'Both?', [
      { id: a.id, frames: null },
      { id: b.id, frames: null }
    ])
    await service.idle(conversation.id)
    const turn = (await service.get(conversation.id)).turns[0]
    expect(turn.status).toBe('error')
    expect(turn.error).toBe('minigpt4_image_3.jpg (A) did not reach the model')
    expect(turn.response).toBe('only text')
  })

  it('sends earlier answered turns as history with their media, and later images get C, D', async () => {
    const engine = scriptedEngine(['ok'])
    const { service, attachments } = await serviceFixture(engine)
    const a = await attachments.addPath(IMAGE_A)
    const b = await attachments.addPath(IMAGE_B)
    const c = await service.create()
    await service.send(c.id, 'first', [{ id: a.id, frames: null }])
    await service.idle(c.id)
    await service.send(c.id, 'second', [{ id: b.id, frames: null }])
    await service.idle(c.id)
    const turns = engine.requests[1].turns
    expect(turns.map((t) => [t.query, t.response, t.media.length])).toEqual([
      ['first', 'ok', 1],
      ['second', undefined, 1]
    ])
    expect((await service.get(c.id)).attachments.map((x) => x.label)).toEqual(['A', 'B'])
  })

  it('stops mid-answer keeping the partial text, then regenerates the same question', async () => {
    const engine = scriptedEngine(
      Array.from({ length: 200 }, (_, i) => `w${i}`),
      5
    )
    const { service, log } = await serviceFixture(engine)
    const c = await service.create()
    await service.send(c.id, 'long answer please', [])
    while (!log.some((m) => m.event === 'conversation.delta'))
      await new Promise((r) => setTimeout(r, 2))
    await service.stop(c.id)
    const stopped = (await service.get(c.id)).turns[0]
    expect(stopped.status).toBe('stopped')
    expect(stopped.response.startsWith('w0')).toBe(true)
    expect(stopped.response.split(' ').length).toBeLessThan(200)
    await expect(service.send(c.id, 'x', [])).resolves.toBeDefined()
    await service.stop(c.id)
    engine.requests.length = 0
    await service.regenerate(c.id)
    await expect(service.send(c.id, 'y', [])).rejects.toMatchObject({ code: 'BUSY' })
    await service.stop(c.id)
    expect(engine.requests[0].turns.at(-1)?.query).toBe('x')
  })

  it('keeps earlier answers on regenerate, and the next question builds on the one shown', async () => {
    const words = ['first']
    const engine = scriptedEngine(words)
    const { service } = await serviceFixture(engine)
    const c = await service.create()
    await service.send(c.id, 'q1', [])
    await service.idle(c.id)
    words[0] = 'second'
    await service.regenerate(c.id)
    await service.idle(c.id)
    const turn = (await service.get(c.id)).turns[0]
    expect(turn.response).toBe('second')
    expect(turn.alternatives?.map((a) => a.response)).toEqual(['first'])
    expect(turn.answerIndex).toBe(1)

    const shown = (await service.selectAnswer(c.id, turn.id, 0)).turns[0]
    expect(shown.response).toBe('first')
    expect(shown.answerIndex).toBe(0)
    expect(shown.alternatives?.map((a) => a.response)).toEqual(['second'])
    await expect(service.selectAnswer(c.id, turn.id, 2)).rejects.toMatchObject({
      code: 'BAD_INPUT'
    })
    await expect(service.selectAnswer(c.id, 'other', 0)).rejects.toMatchObject({
      code: 'BAD_INPUT'
    })
    engine.requests.length = 0
    await service.send(c.id, 'q2', [])
    await service.idle(c.id)
    expect(engine.requests[0].turns.map((t) => [t.query, t.response])).toEqual([
      ['q1', 'first'],
      ['q2', undefined]
    ])
    // Still kept after a restart of the app: the file holds every answer.
    const reread = await service.get(c.id)
    expect(reread.turns[0].alternatives?.map((a) => a.response)).toEqual(['second'])
  })

  it('edits a question, dropping the turns after it', async () => {
    const engine = scriptedEngine(['fine'])
    const { service } = await serviceFixture(engine)
    const c = await service.create()
    await service.send(c.id, 'one', [])
    await service.idle(c.id)
    await service.send(c.id, 'two', [])
    await service.idle(c.id)
    const first = (await service.get(c.id)).turns[0]
    await service.editAndResend(c.id, first.id, 'one, edited')
    await service.idle(c.id)
    const turns = (await service.get(c.id)).turns
    expect(turns.map((t) => t.query)).toEqual(['one, edited'])
    expect(engine.requests.at(-1)?.turns).toEqual([{ query: 'one, edited', media: [] }])
  })

  it('branches from a question into a new conversation, leaving the original as it was', async () => {
    const engine = scriptedEngine(['fine'])
    const { service, attachments } = await serviceFixture(engine)
    const a = await attachments.addPath(IMAGE_A)
    const c = await service.create()
    await service.send(c.id, 'one', [{ id: a.id, frames: null }])
    await service.idle(c.id)
    await service.send(c.id, 'two', [])
    await service.idle(c.id)
    const original = await service.get(c.id)
    const branch = await service.branch(c.id, original.turns[0].id, 'one (branch)')
    expect(branch.id).not.toBe(c.id)
    expect(branch.title).toBe('one (branch)')
    expect(branch.turns.map((t) => [t.query, t.response])).toEqual([['one', 'fine']])
    expect(branch.turns[0].id).not.toBe(original.turns[0].id)
    expect(branch.attachments).toEqual(original.attachments)
    await service.send(branch.id, 'three', [])
    await service.idle(branch.id)
    // The branch's next question builds on its own history only, with the image of the first.
    expect(engine.requests.at(-1)?.turns.map((t) => [t.query, t.media.length])).toEqual([
      ['one', 1],
      ['three', 0]
    ])
    expect((await service.get(c.id)).turns.map((t) => t.query)).toEqual(['one', 'two'])
    await expect(service.branch(c.id, 't-gone')).rejects.toThrow('no longer in the conversation')
  })

  it('edits an answer by hand: marked, saved, and the next question builds on the new text', async () => {
    const engine = scriptedEngine(['fine'])
    const { service, store } = await serviceFixture(engine)
    const c = await service.create()
    await service.send(c.id, 'one', [])
    await service.idle(c.id)
    const [first] = (await service.get(c.id)).turns
    const edited = await service.editAnswer(c.id, first.id, 'Corrected by hand.')
    expect(edited.turns[0]).toMatchObject({ response: 'Corrected by hand.', edited: true })
    expect(edited.turns[0].stats).toEqual(first.stats)
    expect((await store.load(c.id)).turns[0].edited).toBe(true)
    await service.send(c.id, 'two', [])
    await service.idle(c.id)
    expect(engine.requests.at(-1)?.turns[0]).toMatchObject({
      query: 'one',
      response: 'Corrected by hand.'
    })
    await expect(service.editAnswer(c.id, 't-gone', 'x')).rejects.toThrow('no longer')
  })

  it('keeps the "edited" mark on an edited answer that regenerate keeps', async () => {
    const engine = scriptedEngine(['fine'])
    const { service } = await serviceFixture(engine)
    const c = await service.create()
    await service.send(c.id, 'one', [])
    await service.idle(c.id)
    const [turn] = (await service.get(c.id)).turns
    await service.editAnswer(c.id, turn.id, 'Mine.')
    await service.regenerate(c.id)
    await service.idle(c.id)
    const regenerated = (await service.get(c.id)).turns[0]
    expect(regenerated.edited).toBeUndefined()
    expect(regenerated.alternatives).toEqual([
      expect.objectContaining({ response: 'Mine.', edited: true })
    ])
    const back = await service.selectAnswer(c.id, regenerated.id, 0)
    expect(back.turns[0]).toMatchObject({ response: 'Mine.', edited: true })
  })

  it('pins a conversation to the top of the list without changing its date, and unpins it', async () => {
    const { service } = await serviceFixture(null)
    const older = await service.create('older')
    await new Promise((resolve) => setTimeout(resolve, 5))
    await service.create('newer')
    expect((await service.list()).map((s) => [s.title, s.pinned])).toEqual([
      ['newer', false],
      ['older', false]
    ])
    const pinned = await service.setPinned(older.id, true)
    expect(pinned.updatedAt).toBe(older.updatedAt)
    expect((await service.list()).map((s) => [s.title, s.pinned])).toEqual([
      ['older', true],
      ['newer', false]
    ])
    await service.setPinned(older.id, false)
    expect((await service.list()).map((s) => s.title)).toEqual(['newer', 'older'])
  })

  it('clear history drops the turns but sends the images with the next question', async () => {
    const engine = scriptedEngine(['seen'])
    const { service, attachments } = await serviceFixture(engine)
    const a = await attachments.addPath(IMAGE_A)
    const c = await service.create()
    await service.send(c.id, 'describe', [{ id: a.id, frames: null }])
    await service.idle(c.id)
    const cleared = await service.clearHistory(c.id)
    expect(cleared.turns).toEqual([])
    expect(cleared.attachments.map((x) => x.label)).toEqual(['A'])
    await service.send(c.id, 'again', [])
    await service.idle(c.id)
    expect(engine.requests.at(-1)?.turns).toEqual([
      { query: 'again', media: [{ kind: 'image', path: await attachments.pathOf(a.id) }] }
    ])
    expect((await service.get(c.id)).carriedAttachmentIds).toEqual([])
  })

  it('undoes a clear history until the next question, and only once', async () => {
    const engine = scriptedEngine(['an', 'answer'])
    const { service, attachments } = await serviceFixture(engine)
    const a = await attachments.addPath(IMAGE_A)
    const c = await service.create()
    await service.send(c.id, 'describe', [{ id: a.id, frames: null }])
    await service.idle(c.id)
    const before = await service.get(c.id)
    await service.clearHistory(c.id)
    const restored = await service.undoClearHistory(c.id)
    expect(restored.turns).toEqual(before.turns)
    expect(restored.carriedAttachmentIds).toEqual(before.carriedAttachmentIds)
    expect((await service.get(c.id)).turns.map((turn) => turn.query)).toEqual(['describe'])
    await expect(service.undoClearHistory(c.id)).rejects.toThrow('can no longer be restored')
    // A question asked after the clear starts a new history: the old one stays gone.
    await service.clearHistory(c.id)
    await service.send(c.id, 'again', [])
    await service.idle(c.id)
    await expect(service.undoClearHistory(c.id)).rejects.toThrow('can no longer be restored')
    expect((await service.get(c.id)).turns.map((turn) => turn.query)).toEqual(['again'])
  })

  it('records an engine failure on the turn and a host replay as a restart event', async () => {
    const engine = scriptedEngine(['a', 'b', 'c'])
    const { service, log } = await serviceFixture(engine)
    const c = await service.create()
    engine.restartAfter = 1
    await service.send(c.id, 'q', [])
    await service.idle(c.id)
    expect(log.some((m) => m.event === 'conversation.restart')).toBe(true)
    expect((await service.get(c.id)).turns[0].response).toBe('a b c')
    engine.failWith = 'the model host stopped'
    await service.send(c.id, 'q2', [])
    await service.idle(c.id)
    expect((await service.get(c.id)).turns[1]).toMatchObject({
      status: 'error',
      error: 'the model host stopped'
    })
  })

  it('renames, searches titles and answers, updates and resets settings, deletes', async () => {
    const engine = scriptedEngine(['A', 'zebra', 'crossing'])
    const { service } = await serviceFixture(engine)
    const c = await service.create()
    const other = await service.create('Other')
    await service.send(c.id, 'What is this?', [])
    await service.idle(c.id)
    await service.rename(c.id, 'Street photo')
    expect((await service.search('ZEBRA')).map((s) => s.id)).toEqual([c.id])
    expect((await service.search('street')).map((s) => s.title)).toEqual(['Street photo'])
    const updated = await service.updateSettings(c.id, {
      options: { temperature: 0.7, doSample: true }
    })
    expect(updated.settings.options).toEqual({
      ...DEFAULT_GENERATION_OPTIONS,
      temperature: 0.7,
      doSample: true
    })
    expect((await service.resetSettings(c.id)).settings.options).toEqual(DEFAULT_GENERATION_OPTIONS)
    await service.remove(other.id)
    expect((await service.list()).map((s) => s.id)).toEqual([c.id])
  })

  it('reads a turn left streaming by an earlier run of the app as stopped', async () => {
    const { service, store } = await serviceFixture(scriptedEngine(['x']))
    const c = await service.create()
    await store.save({
      ...c,
      turns: [
        {
          id: 't-old',
          query: 'q',
          attachmentIds: [],
          response: 'partial',
          status: 'streaming',
          error: null,
          stats: null,
          createdAt: c.createdAt
        }
      ]
    })
    expect((await service.get(c.id)).turns[0]).toMatchObject({
      status: 'stopped',
      response: 'partial'
    })
  })
})
