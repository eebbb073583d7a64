// Build of every entry: Electron main, the model host, the stage and resize workers, the device
// probe and the CLI (all plain Node bundles under out/main), the sandboxed preload (CommonJS) and
// the renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

const root = import.meta.dirname

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(root, 'main/index.ts'),
          'model-host': resolve(root, 'main/model-host/entry.ts'),
          'stage-worker': resolve(root, 'main/inference/runtime/stage-worker.ts'),
          'resize-worker': resolve(root, 'main/inference/preprocess/resize-worker.ts'),
          'device-probe': resolve(root, 'main/inference/devices/probe-child.ts'),
          cli: resolve(root, 'main/cli/index.ts')
        },
        output: { format: 'es', entryFileNames: '[name].js' }
      }
    }
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'renderer/index.html') }
    }
  }
})
