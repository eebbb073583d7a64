// The pure parts of `mpp chat`: command parsing, :conf / :seed validation, language choice and
// the seed's media rules (first turn carries the media; after :clh they go again; :add).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEFAULT_GENERATION_OPTIONS } from '../../../main/inference/engine-api'
import { printable } from '../../../main/cli/chat/chat-loop'
import { parseChatCommand } from '../../../main/cli/chat/commands'
import { ChatConversation, mediaItemFor } from '../../../main/cli/chat/conversation'
import { applyConf, parseSeed } from '../../../main/cli/chat/generation-config'
import { pickLanguage } from '../../../main/cli/chat/messages'

describe('chat commands', () => {
  it('knows every command and alias of the seed plus :add', () => {
    const kinds = [
      ':h',
      ':help',
      ':q',
      ':quit',
      ':exit',
      ':cl',
      ':clear',
      ':clh',
      ':clear-his',
      ':his',
      ':history',
      ':img',
      ':reset-conf'
    ].map((line) => parseChatCommand(line)?.kind)
    expect(kinds).toEqual([
      'help',
      'help',
      'exit',
      'exit',
      'exit',
      'clear-screen',
      'clear-screen',
      'clear-history',
      'clear-history',
      'history',
      'history',
      'media',
      'reset-conf'
    ])
    expect(parseChatCommand(':seed')).toEqual({ kind: 'seed', value: null })
    expect(parseChatCommand(':seed 7')).toEqual({ kind: 'seed', value: '7' })
    expect(parseChatCommand(':conf top_k=3 do_sample=true')).toEqual({
      kind: 'conf',
      assignments: ['top_k=3', 'do_sample=true']
    })
    expect(parseChatCommand(":add '/tmp/my cat.jpg'")).toEqual({
      kind: 'add',
      path: '/tmp/my cat.jpg'
    })
    expect(parseChatCommand(':nope')).toEqual({ kind: 'unknown', name: 'nope' })
    expect(parseChatCommand('what is this?')).toBeNull()
  })
})

describe(':conf and :seed', () => {
  it('maps the seed names onto the options and validates all-or-nothing', () => {
    const next = applyConf(DEFAULT_GENERATION_OPTIONS, [
      'max_new_tokens=3',
      'do_sample=true',
      'top_p=0.5'
    ])
    expect(next).toEqual({
      ...DEFAULT_GENERATION_OPTIONS,
      maxNewTokens: 3,
      doSample: true,
      topP: 0.5
    })
    expect(() => applyConf(DEFAULT_GENERATION_OPTIONS, ['top_p=2'])).toThrow(/top_p/)
    expect(() => applyConf(DEFAULT_GENERATION_OPTIONS, ['max_new_tokens=0'])).toThrow(
      /max_new_tokens/
    )
    expect(() => applyConf(DEFAULT_GENERATION_OPTIONS, ['do_sample=maybe'])).toThrow(/do_sample/)
    expect(() => applyConf(DEFAULT_GENERATION_OPTIONS, ['colour=red'])).toThrow(
      /Unknown option "colour"/
    )
    expect(() => applyConf(DEFAULT_GENERATION_OPTIONS, ['top_k'])).toThrow(/key=value/)
    expect(parseSeed('123')).toBe(123)
    expect(() => parseSeed('-1')).toThrow(/seed/)
    expect(() => parseSeed('1.5')).toThrow(/seed/)
  })

  it('strips terminal control characters from model text but keeps newlines and tabs', () => {
    expect(printable('a\u001b[2Jb\rc\n\td\u0007\u009b')).toBe('a[2Jbc\n\td')
  })

  it('picks Chinese from --lang or the locale, English otherwise', () => {
    expect(pickLanguage(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('zh')
    expect(pickLanguage(undefined, { LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en')
    expect(pickLanguage('zh', { LANG: 'C' })).toBe('zh')
    expect(pickLanguage(undefined, {})).toBe('en')
  })
})

describe('chat conversation', () => {
  it('attaches media to the turn where they were added and again after clearing history', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mpp-chat-'))
    for (const name of ['a.jpg', 'b.png', 'clip.mp4']) await writeFile(join(dir, name), 'x')
    const a = mediaItemFor('a.jpg', dir)
    expect(a).toEqual({ kind: 'image', path: join(dir, 'a.jpg') })
    expect(mediaItemFor(join(dir, 'clip.mp4')).kind).toBe('video')
    expect(() => mediaItemFor('missing.jpg', dir)).toThrow(/missing.jpg is not a readable file/)

    const chat = new ChatConversation([a])
    expect(chat.request('q1').turns).toEqual([{ query: 'q1', media: [a] }])
    chat.commit('q1', 'r1')
    expect(chat.request('q2').turns).toEqual([
      { query: 'q1', media: [a], response: 'r1' },
      { query: 'q2', media: [] }
    ])
    chat.commit('q2', 'r2')
    const b = mediaItemFor('b.png', dir)
    chat.add(b)
    expect(chat.request('q3').turns.at(-1)).toEqual({ query: 'q3', media: [b] })
    chat.commit('q3', 'r3')
    chat.clearHistory()
    expect(chat.request('q4').turns).toEqual([{ query: 'q4', media: [a, b] }])
    expect(chat.media).toEqual([a, b])
    await rm(dir, { recursive: true, force: true })
  })
})
