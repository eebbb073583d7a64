// The defaults new conversations start with: saved in the app settings file, given to each new
// conversation, and what "reset" returns a conversation to; conversations made before keep
// their own settings. An older settings file without them reads as the seed's.
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConversationService } from '../../../main/services/conversation-service'
import { SettingsStore } from '../../../main/services/settings-store'
import { DEFAULT_GENERATION_OPTIONS } from '../../../preload/contract/generation-options'
import { serviceFixture } from '../../helpers/service-fixture'

describe('defaults for new conversations', () => {
  it('start every new conversation, survive a restart, and are what reset returns to', async () => {
    const fixture = await serviceFixture(null)
    const path = join(fixture.root, 'settings.json')
    const withDefaults = (settings: SettingsStore): ConversationService =>
      new ConversationService({
        store: fixture.store,
        attachments: fixture.attachments,
        events: fixture.events,
        engine: () => {
          throw new Error('no engine in this test')
        },
        chatDefaults: async () => (await settings.get()).chatDefaults
      })
    const service = withDefaults(new SettingsStore(path))
    const before = await service.create()
    expect(before.settings.options).toEqual(DEFAULT_GENERATION_OPTIONS)

    const mine = { options: { ...DEFAULT_GENERATION_OPTIONS, topK: 20 }, system: 'Be brief.' }
    await new SettingsStore(path).update({ chatDefaults: mine })
    // A fresh store reads the file again, as after a restart of the app.
    const restarted = withDefaults(new SettingsStore(path))
    const after = await restarted.create()
    expect(after.settings).toEqual(mine)
    expect((await restarted.get(before.id)).settings.options.topK).toBe(50)
    await restarted.updateSettings(before.id, { options: { topK: 7 } })
    expect((await restarted.resetSettings(before.id)).settings).toEqual(mine)
  })

  it('reads an older settings file, which has none, as the seed defaults', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mpp-settings-'))
    const path = join(root, 'settings.json')
    const old = { language: 'en', theme: 'dark', modelPackage: null }
    await writeFile(path, JSON.stringify({ version: 1, settings: old }))
    let damaged = ''
    const settings = await new SettingsStore(path, (message) => (damaged = message)).get()
    expect(settings).toEqual(old)
    expect(damaged).toBe('')
  })
})
