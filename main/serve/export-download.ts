// Web mode's way to hand an export to the browser: GET /exports/<name>.zip streams the export's
// folder (the Markdown or JSON file and its media) as one zip. The name is checked to be a plain
// export name before it touches the disk, so a request can never leave the exports folder.
import { readdir } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { join, relative } from 'node:path'
import { ZipFile } from 'yazl'
import { ExportNameSchema } from '../../preload/contract/schemas'
import { exportFolder } from '../services/export'
import { decodePathPart } from './request-target'

const EXPORT_PATH = /^\/exports\/([^/]+)\.zip$/

/** The export name in a download path, or null when the path is not an export download. */
export function exportNameOf(pathname: string): string | null {
  const match = EXPORT_PATH.exec(pathname)
  if (!match) return null
  const name = decodePathPart(match[1])
  return name !== null && ExportNameSchema.safeParse(name).success ? name : null
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
}

export async function sendExportZip(
  exportsDir: string,
  name: string,
  response: ServerResponse
): Promise<void> {
  const folder = await exportFolder(exportsDir, name)
  const zip = new ZipFile()
  // A file that vanishes or fails to read mid-way ends this download, never the server.
  zip.on('error', () => response.destroy())
  for (const file of await filesUnder(folder)) {
    zip.addFile(file, `${name}/${relative(folder, file).split('\\').join('/')}`)
  }
  zip.end()
  response.writeHead(200, {
    'content-type': 'application/zip',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}.zip`,
    'cache-control': 'no-store'
  })
  zip.outputStream.pipe(response)
}
