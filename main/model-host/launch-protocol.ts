// The frames by which a model host running as an Electron utilityProcess has Electron's main
// process start its stage processes and device probes (the host's own executable is Electron,
// which runs a script only when main forks it; process-launcher.ts). They travel on the host's
// parent port beside the host protocol, and each side checks what it receives.
import { z } from 'zod'
import { LAUNCH_ENTRIES } from '../inference/child-process/process-launcher'

const launch = z.number().int().positive()

/** host -> main */
export const HostLaunchFrameSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('launch'),
    launch,
    /** One of the built entries beside the host's own; main resolves it, never a free path. */
    entry: z.enum(LAUNCH_ENTRIES),
    args: z.array(z.string()).max(8),
    /** The child's whole environment (the host's, plus the pinning and channel variables). */
    env: z.record(z.string(), z.string()),
    quiet: z.boolean()
  }),
  z.strictObject({ kind: z.literal('launchKill'), launch })
])
export type HostLaunchFrame = z.infer<typeof HostLaunchFrameSchema>

/** main -> host */
export const MainLaunchFrameSchema = z.strictObject({
  kind: z.literal('launchExit'),
  launch,
  how: z.string()
})
export type MainLaunchFrame = z.infer<typeof MainLaunchFrameSchema>

const HOST_LAUNCH_KINDS: readonly unknown[] = ['launch', 'launchKill']

/** Whether a frame from the host belongs to this protocol (then it is checked by its schema). */
export function isHostLaunchFrame(raw: unknown): boolean {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    HOST_LAUNCH_KINDS.includes((raw as { kind?: unknown }).kind)
  )
}

export function isMainLaunchFrame(raw: unknown): boolean {
  return (
    typeof raw === 'object' && raw !== null && (raw as { kind?: unknown }).kind === 'launchExit'
  )
}
