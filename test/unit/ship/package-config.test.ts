// The shape of the shipped app (package.json "build", the electron-builder config): every package
// of the production dependency tree that carries native code (a .node addon, a shared library or
// an executable, found by its bytes in node_modules as installed) is unpacked from app.asar, since
// the OS cannot load those from inside an archive; the renderer's packages are not shipped (Vite
// bundles them); the installers and the hardening fuses are the ones asked for. The package itself
// is not built: Electron's binary cannot be downloaded here.
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  statSync
} from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, matchesGlob, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../../..')

interface Manifest {
  name: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  build: {
    files: string[]
    asarUnpack: string[]
    linux: { target: string[] }
    win: { target: string[] }
    mac: { target: string[] }
    electronFuses: Record<string, boolean>
  }
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest

const readJson = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest

/** Where Node would find `name` from a package at `from`: its own node_modules, then upwards. */
function locate(name: string, from: string): string | null {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (folder === root || dirname(folder) === folder) return null
  }
}

/** Every installed package reachable from the app's dependencies and optionalDependencies. */
function productionTree(): Map<string, string> {
  const found = new Map<string, string>()
  const visit = (deps: Manifest['dependencies'], from: string): void => {
    for (const name of Object.keys(deps ?? {})) {
      // A missing package is an optional one for another platform, or one whose download failed.
      const dir = locate(name, from)
      if (dir === null || found.has(dir)) continue
      found.set(dir, name)
      const own = readJson(join(dir, 'package.json'))
      visit({ ...own.dependencies, ...own.optionalDependencies }, dir)
    }
  }
  visit({ ...manifest.dependencies, ...manifest.optionalDependencies }, root)
  return found
}

const NATIVE_EXTENSION = /\.(node|so|dylib|dll|exe)$|\.so\.\d+/
const MAGIC = [
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]), // ELF
  Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), // Mach-O 64-bit
  Buffer.from([0xca, 0xfe, 0xba, 0xbe]), // Mach-O universal
  Buffer.from([0x4d, 0x5a]) // PE (Windows)
]

function isNative(path: string): boolean {
  if (NATIVE_EXTENSION.test(path)) return true
  const head = Buffer.alloc(4)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, head, 0, 4, 0)
  } finally {
    closeSync(fd)
  }
  return MAGIC.some((magic) => head.subarray(0, magic.length).equals(magic))
}

/** The package's own native files (its nested node_modules are packages of their own). */
function nativeFiles(dir: string): string[] {
  const out: string[] = []
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path)
      } else if (entry.isFile() && statSync(path).size >= 4 && isNative(path)) {
        out.push(path)
      }
    }
  }
  walk(dir)
  return out
}

const inApp = (path: string): string => relative(root, path).split(sep).join('/')
const unpacked = (path: string): boolean =>
  manifest.build.asarUnpack.some((pattern) => matchesGlob(path, pattern))

describe('the electron-builder config', () => {
  const tree = productionTree()

  it('unpacks every native file of the production dependency tree from app.asar', () => {
    const natives = [...tree.keys()].flatMap(nativeFiles).map(inApp)
    // The walk must have found the known native packages, or it proves nothing.
    // (sharp's own addon and libvips come in its @img/ package for this platform.)
    for (const prefix of ['node_modules/onnxruntime-node/', 'node_modules/@img/sharp-']) {
      expect(natives.some((path) => path.startsWith(prefix))).toBe(true)
    }
    expect(natives.filter((path) => !unpacked(path))).toEqual([])
  })

  it('unpacks ffmpeg-static, whose binary only arrives through its install script', () => {
    // Without network that download fails and the optional package is absent here, so the walk
    // above cannot see it; its binary is an executable spawned by path.
    expect(manifest.optionalDependencies).toHaveProperty('ffmpeg-static')
    expect(unpacked('node_modules/ffmpeg-static/ffmpeg')).toBe(true)
  })

  it('ships none of the renderer-only packages: Vite bundles them into the renderer', () => {
    const rendererOnly = [
      'react',
      'react-dom',
      'react-markdown',
      'remark-gfm',
      'i18next',
      'react-i18next',
      'zustand'
    ]
    for (const name of rendererOnly) {
      expect(manifest.dependencies).not.toHaveProperty(name)
      expect(manifest.devDependencies).toHaveProperty(name)
    }
    const shipped = new Set(tree.values())
    expect(rendererOnly.filter((name) => shipped.has(name))).toEqual([])
  })

  it('builds AppImage and deb, NSIS and dmg, from the bundles and the tokenizer', () => {
    expect(manifest.build.linux.target).toEqual(['AppImage', 'deb'])
    expect(manifest.build.win.target).toEqual(['nsis'])
    expect(manifest.build.mac.target).toEqual(['dmg'])
    expect(manifest.build.files).toEqual(
      expect.arrayContaining(['out/**', 'resources/tokenizer/**', 'package.json'])
    )
  })

  it("passes electron-builder's own schema check, which refuses an unknown key", async () => {
    // electron-builder's validator (the one `electron-builder` runs first), reached through its
    // library: it is not part of electron-builder's public exports.
    const require = createRequire(join(root, 'node_modules', 'electron-builder', 'package.json'))
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>
    }
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (on: boolean) => unknown }
    await expect(
      validateConfiguration(manifest.build, new DebugLogger(false))
    ).resolves.toBeUndefined()
    const typo = { ...manifest.build, electronFuses: { runAsNod: false } }
    await expect(validateConfiguration(typo, new DebugLogger(false))).rejects.toThrow(
      /configuration\.electronFuses should be/
    )
  })

  it('flips the hardening fuses', () => {
    expect(manifest.build.electronFuses).toMatchObject({
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true
    })
  })

  // A fuse that forbids what the shipped code does breaks the packaged app, which CI never
  // starts: the fuses must agree with the sources they govern.
  it('keeps runAsNode exactly while main/ starts the Electron binary as Node', () => {
    // Setting the variable (`ELECTRON_RUN_AS_NODE: '1'`, `ELECTRON_RUN_AS_NODE=1`) is what needs
    // the fuse; naming it to strip it from a child's environment does not.
    const runsAsNode = sourcesUnder(join(root, 'main')).some((text) =>
      /ELECTRON_RUN_AS_NODE['"]?\s*[:=]/.test(text)
    )
    expect(manifest.build.electronFuses.runAsNode).toBe(runsAsNode)
    expect(manifest.build.electronFuses.runAsNode).toBe(false)
  })

  it('grants file:// extra privileges exactly while the window loads a file:// page', () => {
    const loadsFile = sourcesUnder(join(root, 'main', 'electron')).some((text) =>
      /\.loadFile\(/.test(text)
    )
    expect(manifest.build.electronFuses.grantFileProtocolExtraPrivileges).toBe(loadsFile)
  })
})

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
}
