#!/usr/bin/env node
// Launcher for the built CLI (out/cli/index.js): keeps `npx mpp` working from the repository root.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const entry = join(root, 'out', 'main', 'cli.js')
if (!existsSync(entry)) {
  process.stderr.write('mpp: the CLI is not built yet; run `npm run build` first\n')
  process.exit(1)
}
await import(pathToFileURL(entry).href)
