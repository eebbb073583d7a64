// The shared placement flags: commander collects them, readPlacementRequest types them (and
// reads --map), and the request's zod contract guards the host boundary.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addPlacementOptions,
  readPlacementRequest,
  type PlacementFlags
} from '../../../main/cli/placement-options'
import { parsePlacementRequest } from '../../../main/inference/placement/request'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mpp-flags-'))
})
afterAll(async () => rm(dir, { recursive: true, force: true }))

function flagsOf(argv: string[]): PlacementFlags {
  const command = addPlacementOptions(new Command('plan').exitOverride())
  command.parse(argv, { from: 'user' })
  return command.opts<PlacementFlags>()
}

describe('placement flags', () => {
  it('parses devices, ratios, layer count, vision and context', async () => {
    const flags = flagsOf([
      '--devices',
      'GPU:1, cpu',
      '--split',
      '3,1',
      '--gpu-layers',
      '20',
      '--vision',
      'webgpu',
      '--context',
      '4096'
    ])
    expect(await readPlacementRequest(flags)).toEqual({
      devices: ['cuda:1', 'cpu'],
      split: [3, 1],
      gpuLayers: 20,
      vision: 'webgpu',
      context: 4096
    })
  })

  it('reads a map file and names devices canonically', async () => {
    const path = join(dir, 'map.json')
    await writeFile(
      path,
      JSON.stringify({ stages: [{ layers: [0, 4], device: 'CUDA:0' }], head: 'cuda:0' })
    )
    expect(await readPlacementRequest(flagsOf(['--map', path]))).toEqual({
      map: { stages: [{ layers: [0, 4], device: 'cuda:0' }], head: 'cuda:0' }
    })
  })

  it('refuses malformed values with typed errors', async () => {
    await expect(readPlacementRequest(flagsOf(['--split', '3,x']))).rejects.toMatchObject({
      code: 'BAD_REQUEST'
    })
    await expect(readPlacementRequest(flagsOf(['--gpu-layers', '-2']))).rejects.toMatchObject({
      code: 'BAD_REQUEST'
    })
    await expect(readPlacementRequest(flagsOf(['--context', '0']))).rejects.toMatchObject({
      code: 'BAD_REQUEST'
    })
    await expect(readPlacementRequest(flagsOf(['--devices', 'tpu']))).rejects.toMatchObject({
      code: 'BAD_REQUEST'
    })
    await expect(
      readPlacementRequest(flagsOf(['--map', join(dir, 'missing.json')]))
    ).rejects.toMatchObject({ code: 'BAD_MAP' })
    const bad = join(dir, 'bad.json')
    await writeFile(bad, JSON.stringify({ stages: [{ layers: [0], device: 'cpu' }] }))
    await expect(readPlacementRequest(flagsOf(['--map', bad]))).rejects.toThrow(
      /bad\.json is not a placement map: stages\.0\.layers/
    )
  })

  it('validates a request that crossed a process boundary', () => {
    expect(parsePlacementRequest(undefined)).toEqual({})
    expect(parsePlacementRequest({ devices: ['cpu'], gpuLayers: 2 })).toEqual({
      devices: ['cpu'],
      gpuLayers: 2
    })
    expect(() => parsePlacementRequest({ gpuLayers: 1.5 })).toThrowError(
      expect.objectContaining({ code: 'BAD_REQUEST' })
    )
    expect(() => parsePlacementRequest({ nope: true })).toThrowError(
      expect.objectContaining({ code: 'BAD_REQUEST' })
    )
  })
})
