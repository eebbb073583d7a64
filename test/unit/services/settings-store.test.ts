// App settings: defaults, saved changes that survive a new store, and a damaged file set aside.
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SettingsStore } from '../../../main/services/settings-store'

describe('SettingsStore', () => {
  it('starts from defaults and keeps what was saved', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mpp-settings-'))
    const path = join(dir, 'settings.json')
    expect(await new SettingsStore(path).get()).toEqual({
      language: null,
      theme: 'system',
      modelPackage: null
    })
    await new SettingsStore(path).update({ language: 'zh', theme: 'dark' })
    expect(await new SettingsStore(path).get()).toEqual({
      language: 'zh',
      theme: 'dark',
      modelPackage: null
    })
  })

  it('sets a damaged file aside, says so, and falls back to defaults', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mpp-settings-'))
    const path = join(dir, 'settings.json')
    await writeFile(path, '{"version":1,"settings":{"language":"fr"')
    const messages: string[] = []
    const settings = await new SettingsStore(path, (m) => messages.push(m)).get()
    expect(settings.language).toBeNull()
    expect(messages).toHaveLength(1)
    expect((await readdir(dir)).some((name) => name.startsWith('settings.json.damaged-'))).toBe(
      true
    )
  })
})
