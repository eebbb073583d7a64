// Main's side of the launch relay, with a recording utilityProcess stand-in: it starts only the
// built entries beside the host (never a path the host names), strips the variables no child may
// inherit (NODE_OPTIONS, ELECTRON_RUN_AS_NODE), reports each exit with its launch id, kills on
// request, and kills what is left when the host ends.
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MainLaunchFrame } from '../../../main/model-host/launch-protocol'
import { createLaunchService } from '../../../main/model-host/launch-service'
import type {
  UtilityProcessApi,
  UtilityProcessLike
} from '../../../main/model-host/utility-process-api'

interface Forked {
  modulePath: string
  args: string[]
  env: Record<string, string> | undefined
  stdio: string | undefined
  child: EventEmitter & { killed: number }
}

function recordingApi(): { api: UtilityProcessApi; forked: Forked[] } {
  const forked: Forked[] = []
  const api: UtilityProcessApi = {
    fork(modulePath, args = [], options = {}) {
      const child = Object.assign(new EventEmitter(), { killed: 0 })
      forked.push({ modulePath, args, env: options.env, stdio: options.stdio, child })
      const like: UtilityProcessLike = {
        pid: 1000 + forked.length,
        postMessage: () => {},
        on: ((event: string, listener: (...values: unknown[]) => void) =>
          child.on(event, listener)) as UtilityProcessLike['on'],
        kill: () => {
          child.killed++
          return true
        }
      }
      return like
    }
  }
  return { api, forked }
}

const launch = (overrides: Record<string, unknown> = {}) => ({
  kind: 'launch',
  launch: 1,
  entry: 'stage-process.js',
  args: [],
  env: {
    VK_DRIVER_FILES: '/icd.json',
    NODE_OPTIONS: '--require /tmp/x.js',
    ELECTRON_RUN_AS_NODE: '1'
  },
  quiet: false,
  ...overrides
})

describe('launch service', () => {
  it('forks the named built entry with the pinning env, minus blocked variables, and reports its exit', () => {
    const { api, forked } = recordingApi()
    const replies: MainLaunchFrame[] = []
    const service = createLaunchService(api, '/app/out/main', (frame) => replies.push(frame))
    service.handle(
      launch({ entry: 'device-probe.js', args: ['{"sessionOptions":{}}'], quiet: true })
    )
    expect(forked).toHaveLength(1)
    expect(forked[0].modulePath).toBe(join('/app/out/main', 'device-probe.js'))
    expect(forked[0].args).toEqual(['{"sessionOptions":{}}'])
    expect(forked[0].stdio).toBe('ignore')
    expect(forked[0].env?.VK_DRIVER_FILES).toBe('/icd.json')
    expect(forked[0].env).not.toHaveProperty('NODE_OPTIONS')
    expect(forked[0].env).not.toHaveProperty('ELECTRON_RUN_AS_NODE')
    forked[0].child.emit('exit', 3)
    expect(replies).toEqual([{ kind: 'launchExit', launch: 1, how: 'code 3' }])
  })

  it('refuses any entry but the built ones, and malformed frames, starting nothing', () => {
    const { api, forked } = recordingApi()
    const refused: string[] = []
    const service = createLaunchService(
      api,
      '/app/out/main',
      () => {},
      (m) => refused.push(m)
    )
    service.handle(launch({ entry: '../../../tmp/evil.js' }))
    service.handle(launch({ entry: '/tmp/evil.js' }))
    service.handle(launch({ launch: -1 }))
    service.handle(launch({ env: { A: 1 } }))
    service.handle({ kind: 'launch' })
    expect(forked).toHaveLength(0)
    expect(refused).toHaveLength(5)
    expect(refused[0]).toMatch(/malformed launch frame/)
  })

  it('kills on request and kills every child left when the host ends', () => {
    const { api, forked } = recordingApi()
    const service = createLaunchService(api, '/app/out/main', () => {})
    service.handle(launch({ launch: 1 }))
    service.handle(launch({ launch: 2 }))
    service.handle({ kind: 'launchKill', launch: 1 })
    expect(forked.map((fork) => fork.child.killed)).toEqual([1, 0])
    service.killAll()
    expect(forked.map((fork) => fork.child.killed)).toEqual([2, 1])
  })
})
