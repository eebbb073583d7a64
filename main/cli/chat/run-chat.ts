// `mpp chat` end to end: pick the package (or the demo model, saying so), start the model host
// child process, load, collect media, run the chat loop, and always stop the host on the way out.
import { resolve } from 'node:path'
import { DEMO_MODEL_NOTICE, ensureDemoModel } from '../../inference/demo-model'
import { ModelHostClient, type Placement } from '../../model-host/client'
import { createNodeHostAdapter } from '../../model-host/node-adapter'
import { mediaItemFor, ChatConversation } from './conversation'
import { askForMedia, chatLoop } from './chat-loop'
import { LineReader } from './line-reader'
import { CHAT_MESSAGES, pickLanguage } from './messages'

export interface RunChatOptions {
  readonly model?: string
  readonly lang?: string
  readonly system?: string
  readonly placement: Placement
}

export async function runChat(
  mediaPaths: readonly string[],
  options: RunChatOptions
): Promise<void> {
  const messages = CHAT_MESSAGES[pickLanguage(options.lang, process.env)]
  const out = process.stdout
  const initialMedia = mediaPaths.map((path) => mediaItemFor(path))
  let packagePath: string
  if (options.model) {
    packagePath = resolve(options.model)
  } else {
    out.write(`${DEMO_MODEL_NOTICE}\n`)
    packagePath = await ensureDemoModel()
  }
  const client = await ModelHostClient.start({
    adapter: createNodeHostAdapter({
      onStderr: process.env.MPP_DEBUG
        ? (line) => process.stderr.write(`[host] ${line}\n`)
        : undefined
    })
  })
  const reader = new LineReader(process.stdin, out)
  try {
    out.write(`${messages.loading(packagePath)}\n`)
    const loaded = await client.load(packagePath, options.placement)
    out.write(`${messages.loaded(loaded.loadMs)}\n`)
    const deps = { client, reader, out, messages }
    const media = initialMedia.length > 0 ? initialMedia : await askForMedia(deps)
    if (media === null) return
    await chatLoop(deps, new ChatConversation(media, options.system))
  } finally {
    reader.close()
    await client.dispose()
  }
}
