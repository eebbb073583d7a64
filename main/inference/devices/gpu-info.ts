// Reads GPU facts from the tools the drivers ship: nvidia-smi (NVIDIA, Linux/Windows), the WMI
// video controller list (Windows, for DirectML adapters) and vulkaninfo. Parsers are pure.
import { execFile } from 'node:child_process'
import { z } from 'zod'

export interface NvidiaGpu {
  index: number
  name: string
  totalBytes: number
  freeBytes: number
}

export interface WindowsAdapter {
  index: number
  name: string
  /** null when WMI does not know (AdapterRAM is a 32-bit field and wraps above 4 GiB). */
  totalBytes: number | null
}

const MIB = 1024 * 1024

export const NVIDIA_SMI_ARGS = [
  '--query-gpu=index,name,memory.total,memory.free',
  '--format=csv,noheader,nounits'
]

/** Lines like "0, NVIDIA H100 80GB HBM3, 81559, 81008" (MiB). Malformed lines are skipped. */
export function parseNvidiaSmi(csv: string): NvidiaGpu[] {
  const gpus: NvidiaGpu[] = []
  for (const line of csv.split(/\r?\n/)) {
    const fields = line.split(',').map((field) => field.trim())
    if (fields.length < 4) continue
    const [index, total, free] = [Number(fields[0]), Number(fields.at(-2)), Number(fields.at(-1))]
    if (![index, total, free].every(Number.isFinite)) continue
    gpus.push({
      index,
      name: fields.slice(1, -2).join(','),
      totalBytes: total * MIB,
      freeBytes: free * MIB
    })
  }
  return gpus
}

const wmiControllerSchema = z.object({
  Name: z.string(),
  AdapterRAM: z.number().nullable().optional()
})

/**
 * Output of `Get-CimInstance Win32_VideoController | Select-Object Name,AdapterRAM |
 * ConvertTo-Json` (one object or an array). The software "Microsoft Basic Render Driver" is
 * dropped because DirectML refuses it (ORT-RUNTIME.md §1.3). WMI order approximates DXGI order.
 */
export function parseWindowsAdapters(json: string): WindowsAdapter[] {
  const trimmed = json.trim()
  if (trimmed.length === 0) return []
  const raw: unknown = JSON.parse(trimmed)
  const parsed = z.array(wmiControllerSchema).safeParse(Array.isArray(raw) ? raw : [raw])
  if (!parsed.success) return []
  return parsed.data
    .filter((entry) => !/basic render driver/i.test(entry.Name))
    .map((entry, index) => ({
      index,
      name: entry.Name,
      totalBytes: entry.AdapterRAM && entry.AdapterRAM > 0 ? entry.AdapterRAM : null
    }))
}

/** `vulkaninfo --summary`: the deviceName of each physical device. */
export function parseVulkanSummary(text: string): string[] {
  return [...text.matchAll(/deviceName\s*=\s*(.+)/g)].map((match) => match[1].trim())
}

/** stdout of a driver tool, or null when it is missing or fails; `env` adds to this process's. */
export function runTool(
  command: string,
  args: readonly string[],
  timeoutMs = 8000,
  env?: Record<string, string>
): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        timeout: timeoutMs,
        windowsHide: true,
        maxBuffer: 8 << 20,
        ...(env ? { env: { ...process.env, ...env } } : {})
      },
      (error, stdout) => resolve(error ? null : stdout)
    )
  })
}

export async function queryNvidiaGpus(): Promise<NvidiaGpu[]> {
  const out = await runTool('nvidia-smi', NVIDIA_SMI_ARGS)
  return out === null ? [] : parseNvidiaSmi(out)
}

export async function queryWindowsAdapters(): Promise<WindowsAdapter[]> {
  const script =
    'Get-CimInstance Win32_VideoController | Select-Object Name,AdapterRAM | ConvertTo-Json'
  const out = await runTool('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script])
  try {
    return out === null ? [] : parseWindowsAdapters(out)
  } catch {
    return []
  }
}

export async function queryVulkanDevices(): Promise<string[]> {
  const out = await runTool('vulkaninfo', ['--summary'])
  return out === null ? [] : parseVulkanSummary(out)
}
