// Runs after `npm ci`: fetches the ONNX Runtime CUDA provider when the network allows it. The
// repository's .npmrc skips that download during install so that an offline install succeeds;
// here we try it once and carry on without CUDA when it cannot be fetched.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
let ortDir
try {
  ortDir = dirname(require.resolve('onnxruntime-node/package.json'))
} catch {
  process.exit(0)
}
const script = join(ortDir, 'script', 'install.js')
const wanted = process.platform === 'linux' && process.arch === 'x64'
if (!wanted || !existsSync(script) || process.env.MPP_SKIP_CUDA_DOWNLOAD === '1') process.exit(0)
const result = spawnSync(process.execPath, [script], {
  cwd: ortDir,
  stdio: 'inherit',
  timeout: 600_000,
  env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'cuda12', npm_config_onnxruntime_node_install: 'cuda12' }
})
if (result.status !== 0) {
  console.warn('mpp: the ONNX Runtime CUDA provider could not be downloaded; CPU and WebGPU still work.')
}
