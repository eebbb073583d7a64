// Facts about this machine that decide which backends can exist: the platform, the architecture
// and which provider libraries sit in the installed onnxruntime-node binding.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'
import type { PlatformFacts } from './backends/backend'

/** Folder of the native binding for this platform, where provider libraries must sit. */
export function ortBinaryFolder(): string {
  const require = createRequire(import.meta.url)
  const packageJson = require.resolve('onnxruntime-node/package.json')
  return join(dirname(packageJson), 'bin', 'napi-v6', process.platform, process.arch)
}

export function hostPlatform(): PlatformFacts {
  const folder = ortBinaryFolder()
  return {
    platform: process.platform,
    arch: process.arch,
    hasFile: (name) => existsSync(join(folder, name))
  }
}
