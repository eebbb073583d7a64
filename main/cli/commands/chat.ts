// `mpp chat`: an interactive terminal chat with streamed answers, as the seed's cli_demo.py
// (media named on the command line or asked for until `:f`), run through the model host.
import type { Command } from 'commander'
import { DEFAULT_SYSTEM_PROMPT } from '../../inference/engine-api'
import type { JsonValue } from '../../model-host/protocol'
import { runChat } from '../chat/run-chat'
import {
  addPlacementOptions,
  readPlacementRequest,
  type PlacementFlags
} from '../placement-options'
import { runAction } from '../run-action'

interface ChatFlags extends PlacementFlags {
  model?: string
  lang?: string
  system: string
}

export function register(program: Command): void {
  const command = program
    .command('chat')
    .description('Chat in the terminal about images and videos (streamed answers; :h for help)')
    .argument('[media...]', 'images or videos for the first message (asked for when omitted)')
    .option('-m, --model <pkg>', 'model package folder (default: the random-weight demo model)')
    .option('--lang <lang>', 'help and messages language: en or zh (default: from LANG/LC_ALL)')
    .option('--system <text>', 'system prompt', DEFAULT_SYSTEM_PROMPT)
  addPlacementOptions(command).action(
    runAction(async (media: string[], flags: ChatFlags) => {
      const request = await readPlacementRequest(flags)
      // The host takes placement as plain JSON (no undefined fields).
      const placement = JSON.parse(JSON.stringify(request)) as JsonValue
      await runChat(media, {
        model: flags.model,
        lang: flags.lang,
        system: flags.system,
        placement
      })
    })
  )
}
