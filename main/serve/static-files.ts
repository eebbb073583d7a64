// Serves the built renderer (out/renderer) read-only: index.html for `/`, files by extension
// type, nothing outside the folder, the app's Content-Security-Policy on every answer.
import { readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../api/content-security-policy'
import { decodePathPart } from './request-target'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/** The content type the app serves a renderer file with. */
export function contentTypeOf(path: string): string {
  return TYPES[extname(path)] ?? 'application/octet-stream'
}

/** The file under `root` that `urlPath` names; null when it does not decode or leaves `root`. */
export function rendererFile(root: string, urlPath: string): string | null {
  const decoded = urlPath === '/' ? 'index.html' : decodePathPart(urlPath)
  if (decoded === null || decoded.includes('\0')) return null
  const path = normalize(join(root, decoded.replace(/^\/+/, '')))
  return path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : null
}

export async function serveStatic(
  root: string,
  urlPath: string,
  response: ServerResponse
): Promise<void> {
  const path = rendererFile(root, urlPath)
  const body = path === null ? null : await readFile(path).catch(() => null)
  if (!path || !body) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found')
    return
  }
  response.writeHead(200, {
    'content-type': contentTypeOf(path),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CONTENT_SECURITY_POLICY
  })
  response.end(body)
}
