// Runs after `npm ci` (the `prepare` script): fetches the two downloads that package install
// scripts would make, tolerating failure, so that the same set-up works online and offline.
// - The ONNX Runtime CUDA provider (the README's install flag skips it during install).
// - The ffmpeg-static binary (optional; the app falls back to `ffmpeg` on PATH).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)

function packageDir(name) {
  try {
    return dirname(require.resolve(`${name}/package.json`))
  } catch {
    return undefined
  }
}

function runQuietly(script, cwd, env) {
  const result = spawnSync(process.execPath, [script], {
    cwd,
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, ...env }
  })
  return result.status === 0
}

const ortDir = packageDir('onnxruntime-node')
if (
  ortDir &&
  process.platform === 'linux' &&
  process.arch === 'x64' &&
  process.env.MPP_SKIP_CUDA_DOWNLOAD !== '1'
) {
  const ok = runQuietly(join(ortDir, 'script', 'install.js'), ortDir, {
    ONNXRUNTIME_NODE_INSTALL: 'true',
    npm_config_onnxruntime_node_install: 'true'
  })
  console.log(
    ok
      ? 'mpp: ONNX Runtime CUDA provider installed.'
      : 'mpp: the ONNX Runtime CUDA provider could not be downloaded; CPU and WebGPU still work.'
  )
}

const ffmpegDir = packageDir('ffmpeg-static')
if (ffmpegDir) {
  const binary = join(ffmpegDir, process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg')
  if (!existsSync(binary)) {
    const ok = runQuietly(join(ffmpegDir, 'install.js'), ffmpegDir, {})
    if (!ok) console.log('mpp: ffmpeg-static could not be downloaded; using ffmpeg from PATH.')
  }
}
