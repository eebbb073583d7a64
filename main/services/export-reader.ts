// Reads the files of a conversation export (conversation.json with the media under images/) from
// where a user may have it: the export's folder or its conversation.json on disk (the desktop
// app's exports), or the zip that web mode downloads (its files under one top folder).
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, posix, relative } from 'node:path'
import type { Readable } from 'node:stream'
import yauzl from 'yauzl'
import { ServiceError } from './service-error'

export const CONVERSATION_FILE = 'conversation.json'
// A conversation file is text; anything near this size is not one.
const MAX_CONVERSATION_BYTES = 64 * 1024 * 1024

export interface ExportReader {
  /** The file or folder the user chose, for messages. */
  readonly name: string
  /** The conversation file's text, or null when the export has none. */
  conversationText(): Promise<string | null>
  /** A file of the export by its path inside it (e.g. images/B.jpg), or null when missing. */
  open(path: string): Promise<Readable | null>
  close(): void
}

function folderReader(
  folder: string,
  name: string,
  conversationPath = join(folder, CONVERSATION_FILE)
): ExportReader {
  const fileIn = async (path: string): Promise<string | null> => {
    const full = join(folder, ...path.split('/'))
    // A name from the conversation file must not lead out of the export's folder.
    if (relative(folder, full).startsWith('..') || isAbsolute(relative(folder, full))) return null
    const info = await stat(full).catch(() => null)
    return info?.isFile() ? full : null
  }
  return {
    name,
    conversationText: async () => {
      const info = await stat(conversationPath).catch(() => null)
      if (!info?.isFile()) return null
      if (info.size > MAX_CONVERSATION_BYTES) {
        throw new ServiceError('BAD_INPUT', `${name}: ${CONVERSATION_FILE} is too large to be one`)
      }
      return readFile(conversationPath, 'utf8')
    },
    open: async (path) => {
      const full = await fileIn(path)
      return full ? createReadStream(full) : null
    },
    close: () => undefined
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, zip) =>
      error ? reject(error) : resolve(zip)
    )
  })
}

function entriesOf(zip: yauzl.ZipFile): Promise<Map<string, yauzl.Entry>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, yauzl.Entry>()
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) entries.set(entry.fileName, entry)
      zip.readEntry()
    })
    zip.once('end', () => resolve(entries))
    zip.once('error', reject)
    zip.readEntry()
  })
}

function streamOf(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream)))
  })
}

async function textOf(stream: Readable): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

async function zipReader(path: string, name: string): Promise<ExportReader> {
  let zip: yauzl.ZipFile
  let entries: Map<string, yauzl.Entry>
  try {
    zip = await openZip(path)
    entries = await entriesOf(zip)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ServiceError('BAD_INPUT', `${name} is not a readable zip archive: ${reason}`)
  }
  // The conversation file nearest the top decides where the export's files are.
  const conversationPath = [...entries.keys()]
    .filter((entry) => posix.basename(entry) === CONVERSATION_FILE)
    .sort((a, b) => a.split('/').length - b.split('/').length)[0]
  const base = conversationPath ? posix.dirname(conversationPath) : '.'
  const entryAt = (path: string): yauzl.Entry | undefined =>
    entries.get(base === '.' ? path : `${base}/${path}`)
  return {
    name,
    conversationText: async () => {
      const entry = conversationPath ? entries.get(conversationPath) : undefined
      if (!entry) return null
      if (entry.uncompressedSize > MAX_CONVERSATION_BYTES) {
        throw new ServiceError('BAD_INPUT', `${name}: ${CONVERSATION_FILE} is too large to be one`)
      }
      return textOf(await streamOf(zip, entry))
    },
    open: async (path) => {
      const entry = entryAt(path)
      return entry ? streamOf(zip, entry) : null
    },
    close: () => zip.close()
  }
}

/**
 * A reader for `path`: a zip archive, an export folder, or a conversation.json (whose folder is
 * the export). `name` is what messages call it (an upload's own file name in web mode).
 */
export async function openExport(path: string, name = basename(path)): Promise<ExportReader> {
  const info = await stat(path).catch(() => null)
  if (!info) throw new ServiceError('UNREADABLE_FILE', `${name} cannot be read: no such file`)
  if (info.isDirectory()) return folderReader(path, name)
  if (name.toLowerCase().endsWith('.json')) return folderReader(dirname(path), name, path)
  return zipReader(path, name)
}
