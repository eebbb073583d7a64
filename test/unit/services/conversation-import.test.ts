// Import of a Markdown export into another data folder (another machine, in effect): from the zip
// web mode downloads and from the export's conversation.json; the media must be the very files
// the conversation was made with, and a failed import saves nothing.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ZipFile } from 'yazl'
import { exportConversation } from '../../../main/services/export'
import { openExport } from '../../../main/services/export-reader'
import { scriptedEngine } from '../../helpers/scripted-engine'
import { FIXTURE_IMAGES, serviceFixture } from '../../helpers/service-fixture'

async function exportedConversation() {
  const fixture = await serviceFixture(scriptedEngine(['Two', 'rooms.']))
  const kitchen = await fixture.attachments.addPath(join(FIXTURE_IMAGES, 'minigpt4_image_3.jpg'))
  const sunset = await fixture.attachments.addPath(join(FIXTURE_IMAGES, '004090033.jpg'))
  const c = await fixture.service.create()
  const media = [kitchen, sunset].map((image) => ({ id: image.id, frames: null }))
  await fixture.service.send(c.id, 'Compare Image A and Image B', media)
  await fixture.service.idle(c.id)
  await fixture.service.send(c.id, 'Which is brighter?', [])
  await fixture.service.idle(c.id)
  const conversation = await fixture.service.get(c.id)
  const exported = await exportConversation(
    conversation,
    'markdown',
    join(fixture.root, 'x'),
    (id) => fixture.attachments.pathOf(id)
  )
  return { conversation, folder: dirname(exported.path), name: exported.name, root: fixture.root }
}

/** The export folder as web mode's download zips it: every file under "<name>/". */
async function zipOf(folder: string, name: string, path: string): Promise<string> {
  const zip = new ZipFile()
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  for (const entry of entries.filter((e) => e.isFile())) {
    const file = join(entry.parentPath, entry.name)
    zip.addFile(file, `${name}/${relative(folder, file)}`)
  }
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  await writeFile(path, Buffer.concat(chunks))
  return path
}

describe('importConversation', () => {
  it('brings a downloaded export zip into another data folder as a new, continuable conversation', async () => {
    const { conversation, folder, name, root } = await exportedConversation()
    const archive = await zipOf(folder, name, join(root, 'download.zip'))
    const other = await serviceFixture(scriptedEngine(['The', 'sunset.']))
    const imported = await other.service.importFrom(archive)
    expect(imported.id).not.toBe(conversation.id)
    expect(imported.title).toBe(conversation.title)
    expect(imported.attachments).toEqual(conversation.attachments)
    const withoutIds = (turns: typeof conversation.turns) =>
      turns.map(({ id: _id, ...turn }) => turn)
    expect(withoutIds(imported.turns)).toEqual(withoutIds(conversation.turns))
    const ids = new Set([...conversation.turns, ...imported.turns].map((turn) => turn.id))
    expect(ids.size).toBe(conversation.turns.length * 2)
    for (const attachment of conversation.attachments) {
      const original = await readFile(join(folder, 'images', `${attachment.label}.jpg`))
      expect((await readFile(await other.attachments.pathOf(attachment.id))).equals(original)).toBe(
        true
      )
    }
    expect((await other.service.list()).map((s) => s.id)).toEqual([imported.id])
    await other.service.send(imported.id, 'And the sky?', [])
    await other.service.idle(imported.id)
    const continued = await other.service.get(imported.id)
    expect(continued.turns.map((turn) => turn.response)).toEqual([
      'Two rooms.',
      'Two rooms.',
      'The sunset.'
    ])
  })

  it("imports from the export folder's conversation.json on this machine", async () => {
    const { conversation, folder } = await exportedConversation()
    const other = await serviceFixture(null)
    const imported = await other.service.importFrom(join(folder, 'conversation.json'))
    expect(imported.turns.map((turn) => turn.query)).toEqual(
      conversation.turns.map((turn) => turn.query)
    )
  })

  it('refuses an export whose image was replaced, and saves nothing', async () => {
    const { folder } = await exportedConversation()
    await writeFile(
      join(folder, 'images', 'B.jpg'),
      await readFile(join(FIXTURE_IMAGES, 'minigpt4_image_3.jpg'))
    )
    const other = await serviceFixture(null)
    await expect(other.service.importFrom(join(folder, 'conversation.json'))).rejects.toThrow(
      'conversation.json: images/B.jpg is not the file this conversation was made with'
    )
    expect(await other.service.list()).toEqual([])
  })

  it('names what is wrong with a broken export', async () => {
    const { folder, name, root } = await exportedConversation()
    const other = await serviceFixture(null)
    const archive = await zipOf(folder, name, join(root, 'complete.zip'))
    const exported = JSON.parse(await readFile(join(folder, 'conversation.json'), 'utf8')) as {
      attachments: Array<Record<string, unknown>>
    }

    await rm(join(folder, 'images', 'A.jpg'))
    await expect(other.service.importFrom(join(folder, 'conversation.json'))).rejects.toThrow(
      'conversation.json lacks images/A.jpg'
    )
    await writeFile(join(folder, 'conversation.json'), '{"version": 2, "id": ')
    await expect(other.service.importFrom(folder)).rejects.toThrow(
      `${name}: conversation.json is not valid JSON`
    )
    await writeFile(join(folder, 'conversation.json'), '{"version": 7}')
    await expect(other.service.importFrom(folder)).rejects.toThrow(
      'is not a conversation this version of the app can read'
    )
    // A label that would lead out of the export's folder is refused before anything is read.
    const escaping = { ...exported, attachments: [{ ...exported.attachments[0], label: '../B' }] }
    await writeFile(join(folder, 'conversation.json'), JSON.stringify(escaping))
    await expect(other.service.importFrom(folder)).rejects.toThrow(
      '"../B" is not an attachment label this app writes'
    )
    await rm(join(folder, 'conversation.json'))
    await expect(other.service.importFrom(folder)).rejects.toThrow(
      `${name} holds no conversation.json`
    )
    const text = join(root, 'notes.zip')
    await writeFile(text, 'not a zip\n')
    await expect(other.service.importFrom(text)).rejects.toThrow(
      'notes.zip is not a readable zip archive'
    )
    const cut = join(root, 'cut.zip')
    const whole = await readFile(archive)
    await writeFile(cut, whole.subarray(0, whole.length >> 1))
    await expect(other.service.importFrom(cut)).rejects.toThrow('cut.zip is not a readable zip')
    expect(await other.service.list()).toEqual([])
  })

  it("never reads a file outside the export's folder", async () => {
    const { folder } = await exportedConversation()
    await writeFile(join(dirname(folder), 'outside.jpg'), 'secret')
    const reader = await openExport(folder)
    const inside = await reader.open('images/A.jpg')
    expect(inside).not.toBeNull()
    inside?.destroy()
    expect(await reader.open('../outside.jpg')).toBeNull()
    expect(await reader.open('images/../../outside.jpg')).toBeNull()
    reader.close()
  })
})
