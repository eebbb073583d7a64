// A file that could not be added says why in the language of the moment its chip is drawn, not of
// the moment it failed: a cut-off JPEG (the server's problem code), a file too large (with its
// limit) and a second copy of a picture follow a switch to Chinese. Expected texts are copied
// from en.ts and zh.ts by hand.
import { act, cleanup } from '@testing-library/react'
import { afterEach, expect, it } from 'vitest'
import { AppError } from '../../../renderer/src/api/app-error'
import { AttachmentChip } from '../../../renderer/src/features/composer/AttachmentChip'
import { useAppStore } from '../../../renderer/src/store/use-app-store'
import { createFakeClient, imageInfo } from './fake-client'
import { renderWithLanguageSwitch } from './render-with-store'

afterEach(cleanup)

function Chips(): React.JSX.Element {
  const pending = useAppStore((s) => s.pending)
  return (
    <>
      {pending.map((item) => (
        <AttachmentChip key={item.key} item={item} label={null} />
      ))}
    </>
  )
}

const alerts = (): string[] =>
  [...document.querySelectorAll('[role="alert"]')].map((node) => node.textContent ?? '')

it('reads a failed file chip again after a switch of language', async () => {
  const client = createFakeClient()
  client.files = {
    'broken.jpg': new AppError('UNREADABLE_FILE', 'broken.jpg: VipsJpeg: premature end', {
      problem: 'truncated'
    }),
    'huge.png': new AppError('UNSUPPORTED_FILE', 'huge.png is 300 MB', {
      problem: 'too-large',
      limit: 200
    }),
    'a.jpg': imageInfo('a', 'a.jpg'),
    'a copy.jpg': imageInfo('a', 'a copy.jpg')
  }
  const { store, switchTo } = renderWithLanguageSwitch(<Chips />, client)
  await act(async () => {
    await store
      .getState()
      .addFiles(
        ['broken.jpg', 'huge.png', 'a.jpg', 'a copy.jpg'].map((name) => new File(['x'], name))
      )
  })
  expect(alerts()).toEqual([
    'broken.jpg is a cut-off JPEG: the picture ends early. Copy it again from where it came from.',
    'huge.png is larger than 200 MB.',
    'The same picture as a.jpg: it is sent once, under its first label.'
  ])
  await switchTo('zh')
  expect(alerts()).toEqual([
    'broken.jpg 是一个不完整的 JPEG：图片数据提前结束了。请从原处重新复制一份。',
    'huge.png 超过 200 MB。',
    '与 a.jpg 是同一张图片：只发送一次，使用它原来的标签。'
  ])
})
