// The model status area in the top bar and the model panel show where the loaded model's layers
// run: the device alone for one stage, layers per device for a split, the layer ranges in full on
// hover and in the panel, in English and Chinese; nothing while a model loads.
import { cleanup, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ModelPlacement, ModelStatus } from '../../../preload/contract/types'
import { ModelStatusArea } from '../../../renderer/src/features/layout/ModelStatusArea'
import { ModelPanel } from '../../../renderer/src/features/model/ModelPanel'
import { createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

afterEach(cleanup)

const SPLIT: ModelPlacement = {
  layers: 32,
  stages: [
    { device: 'webgpu', layers: [0, 20] },
    { device: 'cpu', layers: [20, 32] }
  ]
}
const ONE_STAGE: ModelPlacement = { layers: 3, stages: [{ device: 'cpu', layers: [0, 3] }] }

function status(patch: Partial<ModelStatus>): ModelStatus {
  return {
    state: 'ready',
    packagePath: '/models/qwen7b-int4',
    demo: false,
    demoNotice: null,
    error: null,
    loadMs: 10,
    placement: null,
    ...patch
  }
}

function renderStatus(model: ModelStatus, language: 'en' | 'zh' = 'en'): HTMLElement {
  const client = createFakeClient()
  client.answers = { 'model.list': () => [], 'model.status': () => model }
  renderWithStore(<ModelStatusArea />, client, {
    language,
    prepare: (store) => store.getState().receiveModelStatus(model)
  })
  return screen.getByRole('button')
}

describe('model status area', () => {
  it('shows the layers per device of a split, and the ranges on hover', () => {
    const button = renderStatus(status({ placement: SPLIT }))
    expect(button.textContent).toBe('qwen7b-int4 · Ready · webgpu 20 layers · cpu 12 layers')
    expect(button.title).toBe(
      'Open the model panel\nPlacement: layers 0–19 on webgpu, layers 20–31 on cpu'
    )
  })

  it('names only the device when one stage holds every layer', () => {
    const button = renderStatus(status({ placement: ONE_STAGE }))
    expect(button.textContent).toBe('qwen7b-int4 · Ready · cpu')
    expect(button.title).toContain('Placement: layers 0–2 on cpu')
  })

  it('says "1 layer" for a stage of one layer', () => {
    const placement: ModelPlacement = {
      layers: 3,
      stages: [
        { device: 'webgpu', layers: [0, 2] },
        { device: 'cpu', layers: [2, 3] }
      ]
    }
    const button = renderStatus(status({ placement }))
    expect(button.textContent).toBe('qwen7b-int4 · Ready · webgpu 2 layers · cpu 1 layer')
    expect(button.title).toContain('Placement: layers 0–1 on webgpu, layer 2 on cpu')
  })

  it('reads in Chinese', () => {
    const button = renderStatus(status({ placement: SPLIT }), 'zh')
    expect(button.textContent).toBe('qwen7b-int4 · 就绪 · webgpu 20 层 · cpu 12 层')
    expect(button.title).toContain('放置：第 0–19 层在 webgpu 上；第 20–31 层在 cpu 上')
  })

  it('shows no placement while a model loads, or when the host named none', () => {
    expect(renderStatus(status({ state: 'loading', placement: SPLIT })).textContent).toBe(
      'qwen7b-int4 · Loading…'
    )
    cleanup()
    const button = renderStatus(status({ placement: null }))
    expect(button.textContent).toBe('qwen7b-int4 · Ready')
    expect(button.title).toBe('Open the model panel')
  })
})

describe('model panel', () => {
  it('writes out where the loaded model runs', async () => {
    const model = status({ placement: SPLIT })
    const client = createFakeClient()
    client.answers = { 'model.list': () => [], 'model.status': () => model }
    renderWithStore(<ModelPanel />, client, {
      prepare: (store) => store.getState().receiveModelStatus(model)
    })
    expect(
      await screen.findByText('Placement: layers 0–19 on webgpu, layers 20–31 on cpu')
    ).toBeTruthy()
  })
})
