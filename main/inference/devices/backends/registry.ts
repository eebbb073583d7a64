// Every execution provider the engine knows, by name. Adding a backend means writing its module
// (see backend.ts) and adding it to BUILT_IN; nothing else in the engine names providers.
import { DeviceError } from '../errors'
import type { Backend, DeviceKind } from './backend'
import { cpuBackend } from './cpu'
import { cudaBackend } from './cuda'
import { dmlBackend } from './dml'
import { webgpuBackend } from './webgpu'

/** Registry order is listing order; the CPU, the host, comes first. */
const BUILT_IN: readonly Backend[] = [cpuBackend, webgpuBackend, cudaBackend, dmlBackend]

const backends = new Map<DeviceKind, Backend>()
for (const backend of BUILT_IN) registerBackend(backend)

/** Adds a backend at run time (tests register fakes this way). Names must be new. */
export function registerBackend(backend: Backend): void {
  for (const name of [backend.kind, ...(backend.aliases ?? [])]) {
    if (!/^[a-z][a-z0-9-]*$/.test(name) || findBackend(name)) {
      throw new DeviceError('bad-device-name', `backend name "${name}" is malformed or taken`)
    }
  }
  backends.set(backend.kind, backend)
}

export function registeredBackends(): Backend[] {
  return [...backends.values()]
}

/** The backend named `name` or one of its aliases, or undefined. */
export function findBackend(name: string): Backend | undefined {
  return (
    backends.get(name) ?? [...backends.values()].find((backend) => backend.aliases?.includes(name))
  )
}

export function backendOf(kind: DeviceKind): Backend {
  const backend = backends.get(kind)
  if (!backend) {
    throw new DeviceError('bad-device-name', `"${kind}" is not a backend: use ${deviceNameHint()}`)
  }
  return backend
}

/** "cpu, webgpu, cuda:N, dml:N": how device names are spelled, for error messages. */
export function deviceNameHint(): string {
  return registeredBackends()
    .map((backend) => (backend.indexed ? `${backend.kind}:N` : backend.kind))
    .join(', ')
}
