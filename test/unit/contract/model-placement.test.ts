// The placement summary's contract: what main keeps of the host's description of a loaded model
// (the layers and the stages, nothing else), none from a host that names no stages (the canned
// test host answers {}), and none when the stages do not cover the layers in order.
import { describe, expect, it } from 'vitest'
import { placementFromInfo } from '../../../preload/contract/model-placement'

describe('placementFromInfo', () => {
  const stage = (device: string, from: number, to: number): unknown => ({
    device,
    layers: [from, to]
  })

  it('keeps only the layers and stages of an engine description', () => {
    const info = {
      packagePath: '/models/qwen',
      demo: false,
      dtype: 'int4',
      layers: 32,
      stages: [stage('cuda:0', 0, 20), stage('cpu', 20, 32)]
    }
    expect(placementFromInfo(info)).toEqual({
      layers: 32,
      stages: [
        { device: 'cuda:0', layers: [0, 20] },
        { device: 'cpu', layers: [20, 32] }
      ]
    })
  })

  it('gives none for a host that names no stages (the canned host answers {})', () => {
    expect(placementFromInfo({})).toBeNull()
    expect(placementFromInfo(null)).toBeNull()
  })

  it('refuses stages that leave a gap, overlap, stop short, or hold no layers', () => {
    expect(
      placementFromInfo({ layers: 4, stages: [stage('a', 0, 2), stage('b', 3, 4)] })
    ).toBeNull()
    expect(
      placementFromInfo({ layers: 4, stages: [stage('a', 0, 3), stage('b', 2, 4)] })
    ).toBeNull()
    expect(placementFromInfo({ layers: 4, stages: [stage('a', 0, 3)] })).toBeNull()
    expect(placementFromInfo({ layers: 4, stages: [stage('a', 1, 4)] })).toBeNull()
    expect(
      placementFromInfo({ layers: 4, stages: [stage('a', 0, 0), stage('b', 0, 4)] })
    ).toBeNull()
    expect(placementFromInfo({ layers: 4, stages: [] })).toBeNull()
    expect(placementFromInfo({ layers: 4, stages: [stage('', 0, 4)] })).toBeNull()
  })
})
