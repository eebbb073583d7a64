// `mpp run`: answer one question about text, images or a video in-process, streaming the answer
// to stdout (or printing one JSON object with --json). Ctrl-C cancels within one decode step.
import type { Command } from 'commander'
import { TIMING_ONLY_NOTICE } from '../../inference/bench/bench-model/make-bench-model'
import { DEMO_MODEL_NOTICE, ensureDemoModel } from '../../inference/demo-model'
import { Engine } from '../../inference/engine'
import { DEFAULT_SYSTEM_PROMPT, type MediaItem } from '../../inference/engine-api'
import { EngineError } from '../../inference/engine-errors'
import {
  addPlacementOptions,
  readPlacementRequest,
  type PlacementFlags
} from '../placement-options'
import { runAction } from '../run-action'
import {
  addGenerationFlags,
  readGenerationFlags,
  type GenerationFlagValues
} from './generation-flags'

interface RunFlags extends GenerationFlagValues, PlacementFlags {
  model?: string
  image: string[]
  video?: string
  frames: string
  system: string
  json?: boolean
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value]
}

export function mediaFromFlags(flags: Pick<RunFlags, 'image' | 'video' | 'frames'>): MediaItem[] {
  const media: MediaItem[] = flags.image.map((path) => ({ kind: 'image', path }))
  if (flags.video !== undefined) {
    const frames = Number(flags.frames)
    if (!Number.isInteger(frames) || frames < 1) {
      throw new EngineError(
        'BAD_REQUEST',
        `--frames expects a whole number >= 1, got "${flags.frames}"`
      )
    }
    media.push({ kind: 'video', path: flags.video, frames })
  }
  return media
}

/** The placement request when any placement flag was given; undefined keeps one CPU stage. */
export async function placementOf(flags: PlacementFlags): Promise<unknown> {
  const request = await readPlacementRequest(flags)
  return Object.keys(request).length > 0 ? request : undefined
}

export function register(program: Command): void {
  const command = program
    .command('run')
    .description('Answer one question (with optional images or a video), streaming the answer')
    .argument('<text>', 'the question')
    .option('-m, --model <pkg>', 'model package folder (default: the random-weight demo model)')
    .option('--image <file>', 'attach an image (repeat for several)', collect, [])
    .option('--video <file>', 'attach a video')
    .option('--frames <n>', 'frames sampled from the video', '32')
    .option('--system <text>', 'system prompt', DEFAULT_SYSTEM_PROMPT)
    .option('--json', 'print one JSON object {ids, text, stats} instead of streaming')
  addPlacementOptions(addGenerationFlags(command)).action(
    runAction(async (text: string, flags: RunFlags) => {
      const options = readGenerationFlags(flags)
      const media = mediaFromFlags(flags)
      let modelDir = flags.model
      if (modelDir === undefined) {
        process.stderr.write(`${DEMO_MODEL_NOTICE}\n`)
        modelDir = await ensureDemoModel()
      }
      const engine = await Engine.load(modelDir, { placement: await placementOf(flags) })
      if (engine.info.timingOnly) process.stderr.write(`${TIMING_ONLY_NOTICE}\n`)
      const controller = new AbortController()
      const onSigint = (): void => controller.abort()
      process.once('SIGINT', onSigint)
      try {
        const result = await engine.generate(
          {
            conversationId: 'mpp-run',
            system: flags.system,
            turns: [{ query: text, media }],
            options
          },
          { onDelta: flags.json === true ? undefined : (piece) => process.stdout.write(piece) },
          controller.signal
        )
        if (flags.json === true) process.stdout.write(`${JSON.stringify(result)}\n`)
        else process.stdout.write('\n')
      } finally {
        process.off('SIGINT', onSigint)
        await engine.unload()
      }
    })
  )
}
