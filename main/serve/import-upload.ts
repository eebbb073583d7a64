// Web mode's conversation import: POST /api/import with the zip web mode downloaded (or a bare
// conversation.json) as the raw body. The body goes to a private temp folder inside the data
// folder (swept at the next start if this process is killed), is imported, and the folder is
// removed whatever happens.
import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { Envelope } from '../../preload/contract/errors'
import type { Conversation } from '../../preload/contract/types'
import { ApiError } from '../api/api-error'
import { settle } from '../api/router'
import type { AppServices } from '../app'
import { INCOMING_DIR } from '../services/data-folder'

// An export holds the conversation's media: allow a few of the largest videos the app takes.
export const MAX_IMPORT_BYTES = 16 * 1024 ** 3

function limit(name: string): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length
      if (seen > MAX_IMPORT_BYTES) done(new ApiError('BAD_INPUT', `${name} is too large to import`))
      else done(null, chunk)
    }
  })
}

export async function receiveImport(
  body: Readable,
  name: string,
  app: Pick<AppServices, 'conversations' | 'dataDir'>
): Promise<Envelope<Conversation>> {
  const incoming = join(app.dataDir, INCOMING_DIR)
  await mkdir(incoming, { recursive: true })
  const dir = await mkdtemp(join(incoming, 'mpp-import-'))
  const path = join(dir, 'upload')
  const imported = pipeline(body, limit(name), createWriteStream(path)).then(() =>
    app.conversations.importFrom(path, name)
  )
  try {
    return await settle(imported)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
