// `mpp chat` driven in a real terminal (tmux): demo-model notice, media prompt, help (English
// and Chinese), streamed answers, :conf changing the options for real, :clh, :his, :img, :add,
// :cl, Ctrl-C during an answer and at the prompt, :q, and a host killed mid-answer. Needs the
// built CLI and host (out/main), as `npm test` provides.
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DEFAULT_GENERATION_OPTIONS,
  DEFAULT_SYSTEM_PROMPT
} from '../../../main/inference/engine-api'
import { printable } from '../../../main/cli/chat/chat-loop'
import { ModelHostClient } from '../../../main/model-host/client'
import { createNodeHostAdapter } from '../../../main/model-host/node-adapter'
import { assertHostBuilt, HOST_ENTRY } from '../model-host/host-test-utils'
import { chatModel, type ChatModel } from './chat-model'
import { TmuxTerminal } from './tmux-driver'

const CLI = resolve(import.meta.dirname, '../../../out/main/cli.js')
const IMAGE = resolve(import.meta.dirname, '../../../../shared/fixtures/images/004090033.jpg')
const IMAGE_2 = resolve(
  import.meta.dirname,
  '../../../../shared/fixtures/images/minigpt4_image_3.jpg'
)

let model: ChatModel
let home: string
const terminals: TmuxTerminal[] = []

beforeAll(async () => {
  assertHostBuilt()
  home = await mkdtemp(join(tmpdir(), 'mpp-chat-home-'))
  model = await chatModel(home)
})

afterAll(async () => {
  for (const terminal of terminals) terminal.close()
  await rm(home, { recursive: true, force: true })
})

/** The model host under the `mpp chat` running in a terminal: pane shell -> node cli -> host. */
function hostPidOf(terminal: TmuxTerminal): number {
  const children = (pid: number): number[] => {
    try {
      return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number)
    } catch {
      return []
    }
  }
  for (const cli of children(terminal.panePid())) {
    const [host] = children(cli)
    if (host) return host
  }
  throw new Error('no model host process under the terminal')
}

function openChat(args: string, env: Record<string, string> = {}): TmuxTerminal {
  const terminal = new TmuxTerminal(`node ${CLI} chat ${args}`, {
    ...model.env,
    MPP_HOME: home,
    LANG: 'en_US.UTF-8',
    ...env
  })
  terminals.push(terminal)
  return terminal
}

/** The text between the last "Assistant: " and the prompt after it, whitespace-normalised. */
function lastAnswer(screen: string): string {
  const start = screen.lastIndexOf('Assistant: ')
  const end = screen.indexOf('\nUser> ', start)
  return screen
    .slice(start + 'Assistant: '.length, end < 0 ? undefined : end)
    .replace(/\s+/g, ' ')
    .trim()
}

/** What the engine answers on its own for a single turn with one image. */
async function directAnswer(query: string, maxNewTokens: number): Promise<string> {
  const client = await ModelHostClient.start({
    adapter: createNodeHostAdapter({ entryPath: HOST_ENTRY }),
    env: model.env
  })
  try {
    await client.load(model.packagePath, null)
    const result = await client.generate({
      conversationId: 'direct',
      system: DEFAULT_SYSTEM_PROMPT,
      turns: [{ query, media: [{ kind: 'image', path: IMAGE }] }],
      options: { ...DEFAULT_GENERATION_OPTIONS, maxNewTokens }
    })
    expect(result.stats.generatedTokens).toBeLessThanOrEqual(maxNewTokens)
    return printable(result.text).replace(/\s+/g, ' ').trim()
  } finally {
    await client.dispose()
  }
}

describe('mpp chat in a terminal', { timeout: 180_000 }, () => {
  it('asks for media, streams answers and obeys the commands', async () => {
    const t = openChat(model.args)
    const opening = await t.waitFor((s) => s.includes('one per line; :f when finished'), 60_000)
    expect(opening).toContain('its weights are random')
    expect(opening).toContain('npx mpp convert --vit')
    t.line(IMAGE)
    t.line(':f')
    await t.waitFor((s) => s.includes('Welcome to MPP chat'))
    t.line(':h')
    await t.waitFor((s) => s.includes(':clear-his / :clh') && s.includes(':add PATH'))

    t.line(':conf max_new_tokens=64')
    await t.waitFor((s) => s.includes('max_new_tokens = 64'))
    t.line('describe the picture')
    const lengths = new Set<number>()
    const done = await t.waitFor((s) => {
      const start = s.lastIndexOf('Assistant: ')
      if (start >= 0) lengths.add(s.length)
      return start >= 0 && s.indexOf('\nUser> ', start) > 0
    }, 60_000)
    // The answer was seen growing on the screen, not printed at once.
    expect(lengths.size).toBeGreaterThan(2)
    expect(lastAnswer(done).length).toBeGreaterThan(0)

    const shortExpected = await directAnswer('hi', 3)
    t.line(':conf max_new_tokens=3')
    await t.waitFor((s) => s.includes('max_new_tokens = 3'))
    t.line(':clh')
    await t.waitFor((s) => s.includes('History cleared'))
    t.line('hi')
    await t.waitForCount('Assistant: ', 2)
    const afterShort = await t.waitFor(
      (s) => s.lastIndexOf('\nUser> ') > s.lastIndexOf('Assistant: ')
    )
    expect(lastAnswer(afterShort)).toBe(shortExpected)

    t.line(':his')
    const history = await t.waitFor((s) => s.includes(`User> [${IMAGE}] hi`))
    const listing = history.slice(history.lastIndexOf(':his'))
    expect(listing).not.toContain('describe the picture')

    t.line(`:add ${IMAGE_2}`)
    await t.waitFor((s) => s.includes(`Added ${IMAGE_2}`))
    t.line(':img')
    await t.waitFor((s) => s.includes(`1. image ${IMAGE}`) && s.includes(`2. image ${IMAGE_2}`))

    t.line(':conf top_p=5')
    await t.waitFor((s) => s.includes('top_p must be a number from 0.1 to 1 (got 5)'))

    t.line(':reset-conf')
    await t.waitFor((s) => s.includes('max_new_tokens = 512'))
    t.line(':q')
    await t.waitFor((s) => s.includes('Bye.') && s.includes('[exit 0]'))
  })

  it('stops an answer on Ctrl-C, leaves on a second Ctrl-C at the prompt, in Chinese', async () => {
    const t = openChat(`${model.args} --lang zh`)
    await t.waitFor((s) => s.includes('请输入图片或视频路径'), 60_000)
    t.line(':f')
    await t.waitFor((s) => s.includes('欢迎使用 MPP 对话'))
    t.line(':h')
    await t.waitFor((s) => s.includes('清除对话历史'))
    t.line(':cl')
    await t.waitFor(() => !t.visible().includes('清除对话历史') && t.visible().includes('用户>'))
    // Text only, so the tiny model's 128-token context leaves room for a long answer.
    t.line(':conf max_new_tokens=100')
    await t.waitFor((s) => s.includes('max_new_tokens = 100'))
    t.line('tell me a long story')
    await t.waitFor((s) => {
      const start = s.lastIndexOf('助手：')
      return start >= 0 && s.slice(start + 3).trim().length > 0
    })
    t.keys('C-c')
    const stopped = await t.waitFor((s) => s.includes('[已停止]'))
    expect(stopped.slice(stopped.lastIndexOf('助手：'))).not.toContain('再按一次')
    await t.waitFor((s) => s.trimEnd().endsWith('用户>'))
    t.keys('C-c')
    await t.waitFor((s) => s.includes('再按一次 Ctrl-C 退出'))
    t.keys('C-c')
    await t.waitFor((s) => s.includes('[exit 0]'))
  })

  it('shows the answer starting again when the model host dies mid-answer', async () => {
    // The canned host backend streams slowly and deterministically, so the kill lands mid-answer.
    const fakePackage = join(home, 'fake-package')
    await mkdir(fakePackage, { recursive: true })
    await writeFile(join(fakePackage, 'fake-model.json'), JSON.stringify({ tokenDelayMs: 40 }))
    const t = openChat(`--model ${fakePackage} ${IMAGE}`, { MPP_HOST_FAKE: '1' })
    await t.waitFor((s) => s.includes('Welcome to MPP chat'), 60_000)
    t.line('hello')
    await t.waitFor((s) => s.includes('Assistant: You said "hello" with'))
    process.kill(hostPidOf(t), 'SIGKILL')
    const screen = await t.waitFor(
      (s) =>
        s.includes('[the model host restarted; answering again]') && s.trimEnd().endsWith('User>')
    )
    const replay = screen.slice(screen.indexOf('answering again]'))
    expect(lastAnswer(replay)).toBe(
      'You said "hello" with 1 media. this fake model host answers with canned words so that ' +
        'streaming cancel and crash recovery can be tested without weights'
    )
    t.line(':q')
    await t.waitFor((s) => s.includes('[exit 0]'))
  })
})
