// A notice keeps what it says untranslated and is read in the language of the moment it is drawn:
// every kind (a catalogue text with values, a plural, a server error, a refused option, main's own
// sentence, an action's label) follows a switch to Chinese and back. Expected words are copied
// from en.ts and zh.ts by hand; the last block checks that a key or value the catalogue does not
// have is a type error.
import { act, cleanup, screen } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { refuseOption } from '../../../preload/contract/generation-options'
import { AppError } from '../../../renderer/src/api/app-error'
import { Notices } from '../../../renderer/src/features/layout/Notices'
import { catalogueText, literalText } from '../../../renderer/src/lib/notice-text'
import { createFakeClient } from './fake-client'
import { renderWithLanguageSwitch } from './render-with-store'

afterEach(cleanup)

function renderNotices(): ReturnType<typeof renderWithLanguageSwitch> {
  return renderWithLanguageSwitch(<Notices />, createFakeClient())
}

const texts = (): string[] =>
  [...document.querySelectorAll('.notice > span')].map((span) => span.textContent ?? '')

it('reads every notice on screen again after a switch of language', async () => {
  const { store, switchTo } = renderNotices()
  const refusal = refuseOption('numBeams', 11)
  if (!refusal) throw new Error('num_beams=11 should be refused')
  act(() => {
    const { notify, notifyError } = store.getState()
    notify('info', catalogueText('chat.branched'))
    notify('info', catalogueText('commands.history', { count: 3 }))
    notify('warning', catalogueText('export.done', { path: '/data/a.md' }), {
      kind: 'reveal',
      exportName: 'a'
    })
    notifyError(new AppError('BUSY', 'The engine is busy with turn t-9'))
    notify('error', { kind: 'refusal', refusal })
  })
  expect(texts()).toEqual([
    'Opened a branch: the original conversation is unchanged',
    'This conversation has 3 turns.',
    'Exported to /data/a.md',
    'The engine is busy with turn t-9',
    'num_beams must be a whole number from 1 to 10 (got 11)'
  ])
  expect(screen.getByRole('button', { name: 'Show in folder' })).toBeTruthy()

  await switchTo('zh')
  expect(texts()).toEqual([
    '已打开分支：原对话保持不变',
    '当前对话共有 3 轮。',
    '已导出到 /data/a.md',
    '正在生成另一个回答，请等它完成后再试。',
    'num_beams 必须是 1 到 10 之间的整数（输入了 11）'
  ])
  expect(screen.getByRole('button', { name: '在文件夹中显示' })).toBeTruthy()
  expect(screen.getAllByRole('button', { name: '关闭' })).toHaveLength(5)

  await switchTo('en')
  expect(texts()[0]).toBe('Opened a branch: the original conversation is unchanged')
})

it("shows main's own sentence as it is, in every language", async () => {
  const { store, switchTo } = renderNotices()
  act(() => store.getState().notify('warning', literalText('GPU 1 was lost; using the CPU')))
  await switchTo('zh')
  expect(texts()).toEqual(['GPU 1 was lost; using the CPU'])
})

it('takes only keys of the catalogue, with the values their texts ask for', () => {
  catalogueText('sidebar.turns', { count: 2 })
  // @ts-expect-error: no such text
  catalogueText('chat.nope')
  // @ts-expect-error: the text interpolates {{title}}
  catalogueText('sidebar.imported')
  // @ts-expect-error: {{title}}, not {{name}}
  catalogueText('sidebar.imported', { name: 'x' })
  // @ts-expect-error: the text has no placeholders
  catalogueText('chat.branched', { title: 'x' })
  // @ts-expect-error: a plural's count is a number
  catalogueText('sidebar.turns', { count: 'two' })
  expect(catalogueText('sidebar.imported', { title: 'x' })).toEqual({
    kind: 'catalogue',
    key: 'sidebar.imported',
    values: { title: 'x' }
  })
})
