// Local lint rules for the boundaries inside main/ (eslint-plugin-import is not a dependency):
// `boundaries/layers` lets a folder import only from its own or a lower layer, and
// `boundaries/no-cycle` refuses an import that closes a cycle between files or between folders
// (main/<area>, and main/inference/<area>). Imports are read from the files on disk.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'

const IMPORT =
  /^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm

/** The folder holding main/, or null for a file outside any main/ tree. */
function rootOf(file) {
  const at = file.lastIndexOf(`${sep}main${sep}`)
  return at < 0 ? null : file.slice(0, at)
}

/** Segments of `file` under root/main, without the extension: ['inference', 'devices', ...]. */
function segmentsOf(root, file) {
  return relative(join(root, 'main'), file)
    .replace(/\.tsx?$/, '')
    .split(sep)
}

function resolveImport(from, specifier) {
  if (!specifier.startsWith('.')) return null
  const base = resolve(dirname(from), specifier)
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(candidate)) return candidate
  }
  return null
}

function importsOf(file, text) {
  const targets = []
  for (const match of text.matchAll(IMPORT)) {
    const target = resolveImport(file, match[1] ?? match[2] ?? match[3])
    if (target) targets.push(target)
  }
  return targets
}

function sourceFiles(folder) {
  const files = []
  for (const name of readdirSync(folder)) {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path))
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) files.push(path)
  }
  return files
}

/** One unit per area: main/<area>, or main/inference/<area> inside the engine. */
function unitOf(root, file) {
  const segments = segmentsOf(root, file)
  return segments[0] === 'inference' && segments.length > 1
    ? segments.slice(0, 2).join('/')
    : segments[0]
}

const graphs = new Map()

/** File and unit import graphs of one main/ tree, read once per lint run. */
function graphOf(root) {
  let graph = graphs.get(root)
  if (graph) return graph
  const files = new Map()
  const units = new Map()
  for (const file of sourceFiles(join(root, 'main'))) {
    const targets = importsOf(file, readFileSync(file, 'utf8')).filter((t) => rootOf(t) === root)
    files.set(file, targets)
    const unit = unitOf(root, file)
    if (!units.has(unit)) units.set(unit, new Map())
    for (const target of targets) {
      const other = unitOf(root, target)
      if (other !== unit && !units.get(unit).has(other)) units.get(unit).set(other, [file, target])
    }
  }
  graph = { files, units }
  graphs.set(root, graph)
  return graph
}

/** The shortest path from `from` to `to` along `next`, or null. */
function pathBetween(from, to, next) {
  const previous = new Map([[from, null]])
  const queue = [from]
  while (queue.length > 0) {
    const node = queue.shift()
    if (node === to) {
      const path = []
      for (let at = to; at !== null; at = previous.get(at)) path.unshift(at)
      return path
    }
    for (const following of next(node)) {
      if (!previous.has(following)) {
        previous.set(following, node)
        queue.push(following)
      }
    }
  }
  return null
}

function eachImport(context, check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node, node.source.value)
  }
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit
  }
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'A folder of main/ imports only from its own layer or a lower one.' },
    schema: [
      {
        type: 'object',
        properties: { layers: { type: 'array', items: { type: 'string' } } },
        required: ['layers'],
        additionalProperties: false
      }
    ]
  },
  create(context) {
    const order = context.options[0].layers
    const file = context.filename
    const root = rootOf(file)
    if (root === null) return {}
    const own = segmentsOf(root, file)[0]
    const ownRank = order.indexOf(own)
    return eachImport(context, (node, specifier) => {
      if (ownRank < 0) {
        context.report({ node, message: `main/${own} has no layer: add it to the layer list` })
        return
      }
      const target = resolveImport(file, specifier)
      if (!target || rootOf(target) !== root) return
      const other = segmentsOf(root, target)[0]
      const rank = order.indexOf(other)
      if (rank > ownRank) {
        context.report({
          node,
          message: `main/${own} may not import main/${other}, a higher layer (layers, lowest first: ${order.join(', ')})`
        })
      }
    })
  }
}

const noCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'No import cycle between files or between folders of main/.' },
    schema: []
  },
  create(context) {
    const file = context.filename
    const root = rootOf(file)
    if (root === null) return {}
    const graph = graphOf(root)
    const name = (path) => relative(root, path).split(sep).join('/')
    return eachImport(context, (node, specifier) => {
      const target = resolveImport(file, specifier)
      if (!target || rootOf(target) !== root) return
      const back = pathBetween(target, file, (at) => graph.files.get(at) ?? [])
      if (back) {
        context.report({
          node,
          message: `import cycle between files: ${[file, ...back].map(name).join(' -> ')}`
        })
        return
      }
      const unit = unitOf(root, file)
      const other = unitOf(root, target)
      if (unit === other) return
      const units = pathBetween(other, unit, (at) => [...(graph.units.get(at)?.keys() ?? [])])
      if (units) {
        const [via, to] = graph.units.get(units.at(-2)).get(unit)
        context.report({
          node,
          message: `import cycle between folders: ${[unit, ...units].join(' -> ')} (${name(via)} imports ${name(to)})`
        })
      }
    })
  }
}

export const boundariesPlugin = { rules: { layers, 'no-cycle': noCycle } }

/** main/ folders, lowest layer first: each may import only from itself and the folders before it. */
export const MAIN_LAYERS = [
  'shared',
  'media',
  'inference',
  'model-host',
  'services',
  'api',
  'api-server',
  'app',
  'serve',
  'electron',
  'cli',
  'index'
]
