// The answer's receipt line as rendered: one entry per attachment with its label, the file's own
// size, the 224x224 model input and the token count; a video shows its sampled frames; Chinese
// text when the language is zh; nothing when the turn had no media.
import { cleanup, render, screen, within } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { afterEach, describe, expect, it } from 'vitest'
import { TurnStatsLine } from '../../../renderer/src/features/chat/TurnStatsLine'
import { createI18n } from '../../../renderer/src/i18n'
import type { TurnStats } from '../../../preload/contract/types'

const stats: TurnStats = {
  msToFirstToken: 120.4,
  decodeTokensPerSec: 31.25,
  generatedTokens: 17,
  promptTokens: 400,
  stopReason: 'stop-token',
  received: [
    {
      attachmentId: 'a'.repeat(64),
      label: 'A',
      kind: 'image',
      width: 4000,
      height: 3000,
      images: 1,
      imageTokens: 32
    },
    {
      attachmentId: 'b'.repeat(64),
      label: 'B',
      kind: 'video',
      width: 640,
      height: 360,
      images: 8,
      imageTokens: 256
    }
  ]
}

function renderLine(value: TurnStats, language: 'en' | 'zh' = 'en'): void {
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <TurnStatsLine stats={value} />
    </I18nextProvider>
  )
}

describe('TurnStatsLine', () => {
  afterEach(cleanup)

  it('lists what the model received for each attachment', () => {
    renderLine(stats)
    const receipt = screen.getByRole('list', { name: 'What the model received' })
    expect(
      within(receipt)
        .getAllByRole('listitem')
        .map((item) => item.textContent)
    ).toEqual([
      'A: 4000×3000 image → 224×224, 32 tokens',
      'B: video, 8 frames → 224×224 each, 256 tokens'
    ])
    expect(screen.getByLabelText('stats').textContent).toBe(
      'first token 120 ms · 31.3 tokens/s · 17 tokens'
    )
  })

  it('speaks Chinese when the language is zh', () => {
    renderLine(stats, 'zh')
    const receipt = screen.getByRole('list', { name: '模型实际收到的内容' })
    expect(within(receipt).getAllByRole('listitem')[1].textContent).toBe(
      'B：视频，8 帧 → 每帧 224×224，256 个词元'
    )
  })

  it('shows no receipt for a question without media', () => {
    renderLine({ ...stats, received: [] })
    expect(screen.queryByRole('list')).toBeNull()
  })

  it('says how each answer was decoded, so kept answers can be told apart', () => {
    const options = {
      doSample: true,
      temperature: 0.7,
      topK: 40,
      topP: 0.9,
      repetitionPenalty: 1.05,
      numBeams: 1,
      maxNewTokens: 512,
      seed: 7
    }
    renderLine({ ...stats, received: [], options })
    expect(screen.getByLabelText('stats').textContent).toBe(
      'first token 120 ms · 31.3 tokens/s · 17 tokens · sampled: temperature 0.7, top-k 40, ' +
        'top-p 0.9, seed 7, repetition penalty 1.05'
    )
    cleanup()
    renderLine({ ...stats, received: [], options: { ...options, doSample: false, numBeams: 3 } })
    expect(screen.getByLabelText('stats').textContent).toMatch(/ · beam search ×3, repetition/)
    cleanup()
    renderLine({
      ...stats,
      received: [],
      options: { ...options, doSample: false, repetitionPenalty: 1 }
    })
    expect(screen.getByLabelText('stats').textContent).toMatch(/17 tokens · greedy$/)
  })
})
