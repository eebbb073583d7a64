// Editing the placement in the model panel: a layer count per device, the last device (the CPU)
// taking the rest; each edit asks main for a new preview with that split and becomes the split
// the Load button uses.
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import type { PlacementBar, PlacementPreview } from '../../../preload/contract/types'
import { ModelPanel } from '../../../renderer/src/features/model/ModelPanel'
import { splitWith } from '../../../renderer/src/features/model/PlacementBars'
import { createFakeClient } from './fake-client'
import { renderWithStore } from './render-with-store'

const GiB = 1024 ** 3

function bar(device: string, layers: [number, number] | null): PlacementBar {
  return {
    device,
    capacityBytes: 8 * GiB,
    weightsBytes: GiB,
    kvCacheBytes: 0,
    visionBytes: 0,
    layers
  }
}

/** What main answers for a split of the 8 layers over webgpu then cpu. */
function preview(split: readonly number[]): PlacementPreview {
  const [gpu, cpu] = split
  return {
    bars: [bar('webgpu', gpu ? [0, gpu] : null), bar('cpu', cpu ? [gpu, gpu + cpu] : null)],
    split: [...split],
    fits: true,
    summary: `webgpu ${gpu}, cpu ${cpu}`
  }
}

describe('splitWith', () => {
  it('sets one device and gives the rest to the last, within the layer total', () => {
    const bars = [bar('cuda:0', [0, 4]), bar('cuda:1', [4, 6]), bar('cpu', [6, 8])]
    expect(splitWith(bars, 0, 1)).toEqual([1, 2, 5])
    expect(splitWith(bars, 1, 3)).toEqual([4, 3, 1])
    // 7 on cuda:0 would leave cuda:1's 2 layers no room: capped at 8 - 2.
    expect(splitWith(bars, 0, 7)).toEqual([6, 2, 0])
    expect(splitWith(bars, 0, -3)).toEqual([0, 2, 6])
  })
})

describe('placement editor', () => {
  afterEach(cleanup)

  it('previews again with the edited split and loads with it', async () => {
    const client = createFakeClient()
    client.answers = {
      'model.list': () => [],
      'model.plan': (input) => preview((input as { split?: number[] }).split ?? [6, 2]),
      'model.load': () => ({
        state: 'ready',
        packagePath: '/models/qwen',
        demo: false,
        demoNotice: null,
        error: null,
        loadMs: 5,
        placement: null
      })
    }
    renderWithStore(<ModelPanel />, client)
    await userEvent.type(screen.getByRole('textbox', { name: 'Model folder' }), '/models/qwen')
    await userEvent.click(screen.getByRole('button', { name: 'Preview placement' }))
    const gpu = await screen.findByRole('spinbutton', { name: 'Decoder layers on webgpu' })
    expect((gpu as HTMLInputElement).value).toBe('6')
    expect(screen.getByText('2 layers on cpu (the rest)')).toBeTruthy()
    // Bytes per device written out, not only in the bar's label: 1 GiB of weights of 8 GiB.
    expect(
      screen.getAllByText('Weights 1.00 GB · KV cache 0 B · vision 0 B: 1.00 GB of 8.00 GB')
    ).toHaveLength(2)

    fireEvent.change(gpu, { target: { value: '3' } })
    await screen.findByText('5 layers on cpu (the rest)')
    expect(client.calls.filter((c) => c.route === 'model.plan').at(-1)?.input).toEqual({
      packagePath: '/models/qwen',
      split: [3, 5]
    })
    await userEvent.click(screen.getAllByRole('button', { name: 'Load' }).at(-1)!)
    await waitFor(() =>
      expect(client.calls.find((c) => c.route === 'model.load')?.input).toEqual({
        packagePath: '/models/qwen',
        split: [3, 5]
      })
    )
  })
})
