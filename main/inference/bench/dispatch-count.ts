// Dispatches per decode token from ONNX Runtime profiles (the JSON trace a session writes when
// created with enableProfiling). This is the seam for the WebGPU decoder: it hands over each
// stage session's profile taken over a known number of decode steps, and `mpp bench` prints the
// count. Each kernel event on a provider counts as one dispatch (a fused kernel may issue more).
import { readFile } from 'node:fs/promises'
import { z } from 'zod'

const profileEventSchema = z.object({
  cat: z.string(),
  name: z.string(),
  args: z.object({ provider: z.string().optional() }).passthrough().optional()
})
export type OrtProfileEvent = z.infer<typeof profileEventSchema>

/** One stage session's profile over `steps` decode steps of one token each. */
export interface StageSessionProfile {
  readonly device: string
  readonly steps: number
  readonly events: readonly OrtProfileEvent[]
}

/** The events of an ORT profile file (a JSON array of trace events). */
export async function readOrtProfile(path: string): Promise<OrtProfileEvent[]> {
  return z.array(profileEventSchema).parse(JSON.parse(await readFile(path, 'utf8')))
}

/** ORT's provider name for each stage device kind. */
const PROVIDERS: Record<string, string> = {
  cpu: 'CPUExecutionProvider',
  webgpu: 'WebGpuExecutionProvider',
  cuda: 'CUDAExecutionProvider',
  dml: 'DmlExecutionProvider'
}

/** Kernel launches on the stage's own device in one step, averaged over the profiled steps. */
export function kernelsPerStep(profile: StageSessionProfile): number {
  const provider = PROVIDERS[profile.device.split(':')[0]]
  const kernels = profile.events.filter(
    (e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.args?.provider === provider
  )
  return kernels.length / profile.steps
}

/** Dispatches per decode token over every stage; null when no stage handed over a profile. */
export function dispatchesPerToken(profiles: readonly StageSessionProfile[]): number | null {
  if (profiles.length === 0) return null
  return profiles.reduce((sum, p) => sum + kernelsPerStep(p), 0)
}
