// Browser end-to-end tests: Debian's Chromium driven by playwright-core against `mpp serve`.
import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  root: resolve(import.meta.dirname, '..', '..'),
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // The UI waits on uploads, sharp and ffmpeg on a shared 2-core machine: poll generously.
    expect: { poll: { timeout: 20_000, interval: 100 } },
    passWithNoTests: false
  }
})
