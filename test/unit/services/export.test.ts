// Export: Markdown with the images copied into images/ beside it, and the seed's
// instruction-tuning JSON (MODEL-SPEC §12: "<Img><ImageHere></Img> {question}", lists per turn).
import { readFile, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { exportConversation } from '../../../main/services/export'
import { scriptedEngine } from '../../helpers/scripted-engine'
import { FIXTURE_IMAGES, serviceFixture } from '../../helpers/service-fixture'

async function twoTurnConversation() {
  const engine = scriptedEngine(['A', 'cat.'])
  const fixture = await serviceFixture(engine)
  const image = await fixture.attachments.addPath(join(FIXTURE_IMAGES, 'minigpt4_image_3.jpg'))
  const c = await fixture.service.create()
  await fixture.service.send(c.id, 'What is it?', [{ id: image.id, frames: null }])
  await fixture.service.idle(c.id)
  await fixture.service.send(c.id, 'What color?', [])
  await fixture.service.idle(c.id)
  return { ...fixture, conversation: await fixture.service.get(c.id) }
}

describe('exportConversation', () => {
  it('writes Markdown that links images copied beside it', async () => {
    const { conversation, attachments, root } = await twoTurnConversation()
    const result = await exportConversation(conversation, 'markdown', join(root, 'exports'), (id) =>
      attachments.pathOf(id)
    )
    const text = await readFile(result.path, 'utf8')
    expect(text).toContain('# What is it?')
    expect(text).toContain('![Image A](images/A.jpg)')
    expect(text).toContain('What color?')
    const copied = join(dirname(result.path), 'images', 'A.jpg')
    expect((await stat(copied)).size).toBe(
      (await stat(join(FIXTURE_IMAGES, 'minigpt4_image_3.jpg'))).size
    )
  })

  it('writes the seed instruction-tuning JSON with the placeholder on the first question only', async () => {
    const { conversation, attachments, root } = await twoTurnConversation()
    const result = await exportConversation(
      conversation,
      'instruction-json',
      join(root, 'exports'),
      (id) => attachments.pathOf(id)
    )
    expect(JSON.parse(await readFile(result.path, 'utf8'))).toEqual([
      {
        image: 'A.jpg',
        instruction: ['<Img><ImageHere></Img> What is it?', 'What color?'],
        output: ['A cat.', 'A cat.']
      }
    ])
    expect((await stat(join(dirname(result.path), 'A.jpg'))).isFile()).toBe(true)
  })
})
