// Electron main entry: boots the desktop app (see main/electron/boot.ts).
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as electron from 'electron'
import { bootApp } from './electron/boot'

bootApp(electron, {
  mainDir: dirname(fileURLToPath(import.meta.url)),
  devUrl: process.env.ELECTRON_RENDERER_URL ?? null
})
