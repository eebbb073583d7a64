// Slash command parsing: the seed CLI's commands, with arguments checked.
import { describe, expect, it } from 'vitest'
import { parseSlashCommand } from '../../../renderer/src/lib/slash-commands'

describe('parseSlashCommand', () => {
  it('leaves ordinary questions and unknown slashes alone', () => {
    expect(parseSlashCommand('What is in Image A?')).toBeNull()
    expect(parseSlashCommand('/home/user/cat.jpg is my file')).toBeNull()
  })

  it('maps the seed commands', () => {
    expect(parseSlashCommand('/help')).toEqual({ kind: 'help' })
    expect(parseSlashCommand(' /clh ')).toEqual({ kind: 'clear-history' })
    expect(parseSlashCommand('/clear')).toEqual({ kind: 'clear' })
    expect(parseSlashCommand('/his')).toEqual({ kind: 'history' })
    expect(parseSlashCommand('/img')).toEqual({ kind: 'images' })
    expect(parseSlashCommand('/reset-conf')).toEqual({ kind: 'reset-conf' })
    expect(parseSlashCommand('/seed')).toEqual({ kind: 'seed', value: null })
    expect(parseSlashCommand('/seed 7')).toEqual({ kind: 'seed', value: 7 })
  })

  it('parses /conf key=value pairs with the seed option names', () => {
    expect(parseSlashCommand('/conf temperature=0.7 do_sample=true num_beams=3 top_k=0')).toEqual({
      kind: 'conf',
      patch: { temperature: 0.7, doSample: true, numBeams: 3, topK: 0 }
    })
    expect(parseSlashCommand('/conf')).toEqual({ kind: 'conf', patch: {} })
  })

  it('reports bad arguments instead of guessing', () => {
    expect(parseSlashCommand('/seed -1')).toMatchObject({ kind: 'error' })
    expect(parseSlashCommand('/conf colour=red')).toMatchObject({ kind: 'error' })
    expect(parseSlashCommand('/conf do_sample=maybe')).toMatchObject({ kind: 'error' })
    expect(parseSlashCommand('/conf temperature=hot')).toMatchObject({ kind: 'error' })
  })
})
