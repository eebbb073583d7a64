// `mpp convert`, `mpp embed-image` and `mpp logits`: build a model package from the seed's
// checkpoints, and the two probes tests and checks call on a package (image embeddings, and the
// first generated position's logits for a first-turn prompt), written as raw float32.
import { writeFile } from 'node:fs/promises'
import { Option, type Command } from 'commander'
import { convertModel } from '../../inference/convert/convert'
import { packageDtypeSchema } from '../../inference/package/manifest'
import { preprocessImage } from '../../inference/preprocess/index'
import { buildChatPrompt } from '../../inference/prompt/index'
import { ModelRunner } from '../../inference/runtime/model-runner'
import { QwenTokenizer } from '../../inference/tokenizer/index'
import { runAction } from '../run-action'
import { ProgressBar } from './model-package-progress'

function float32Bytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
}

async function encodeImages(
  runner: ModelRunner,
  paths: readonly string[]
): Promise<Float32Array | undefined> {
  if (paths.length === 0) return undefined
  const size = runner.manifest.arch.vision.imageSize
  const per = 3 * size * size
  const pixels = new Float32Array(paths.length * per)
  for (let i = 0; i < paths.length; i++) pixels.set(await preprocessImage(paths[i]), i * per)
  return runner.encodeImages(pixels, paths.length)
}

export function register(program: Command): void {
  program
    .command('convert')
    .description('Convert the seed checkpoints into a model package')
    .requiredOption('--vit <file>', 'eva_vit_g.pth')
    .requiredOption('--blip2 <file>', 'blip2_pretrained_flant5xxl.pth')
    .requiredOption('--llm <dir>', 'Qwen-7B-Chat folder (config.json, safetensors, qwen.tiktoken)')
    .requiredOption('--sft <file>', 'unfreeze_llm_model.pth')
    .option('--arch <file>', 'JSON with numbers tensor shapes cannot carry')
    .addOption(
      new Option('--dtype <dtype>', 'weight format')
        .choices(['fp32', 'fp16', 'int4'])
        .default('fp32')
    )
    .option('--block-size <n>', 'int4 block size', '32')
    .option('--demo', 'mark the package as random-weight (test models)')
    .requiredOption('--out <dir>', 'package folder to create')
    .action(
      runAction(async (o: Record<string, string | boolean | undefined>) => {
        const dtype = packageDtypeSchema.parse(o.dtype)
        const bar = new ProgressBar(process.stderr)
        const { report } = await convertModel({
          vit: String(o.vit),
          blip2: String(o.blip2),
          llm: String(o.llm),
          sft: String(o.sft),
          arch: typeof o.arch === 'string' ? o.arch : undefined,
          dtype,
          out: String(o.out),
          int4BlockSize: Number(o.blockSize),
          demo: o.demo === true,
          onProgress: (p) => bar.update(p.done, p.total, p.label)
        })
        bar.finish()
        const counts = `${report.used.length} used, ${report.ignored.length} ignored, ${report.missing.length} missing`
        process.stdout.write(`keys: ${counts}\n`)
        for (const m of report.missing)
          process.stdout.write(`missing ${m.key} in ${m.file}: using ${m.fallback}\n`)
        // Per-key details are in convert-report.json; the summary groups keys by reason.
        const reasons = new Map<string, number>()
        for (const i of report.ignored) {
          const reason = i.reason.replace(
            /^overridden by \S+ in (.+)$/,
            'overridden by $1 (merge order)'
          )
          reasons.set(`${i.file}: ${reason}`, (reasons.get(`${i.file}: ${reason}`) ?? 0) + 1)
        }
        for (const [reason, n] of reasons) process.stdout.write(`ignored ${n} × ${reason}\n`)
        process.stdout.write(`wrote ${String(o.out)} (${dtype})\n`)
      })
    )

  program
    .command('embed-image')
    .description('Write the image embeddings [N,32,H] of a model package as raw float32')
    .requiredOption('--model <dir>', 'model package')
    .requiredOption('--out <file>', 'output file')
    .argument('<images...>', 'image files')
    .action(
      runAction(async (images: string[], o: { model: string; out: string }) => {
        const runner = await ModelRunner.load(o.model)
        try {
          const embeds = await encodeImages(runner, images)
          await writeFile(o.out, float32Bytes(embeds as Float32Array))
        } finally {
          await runner.dispose()
        }
      })
    )

  program
    .command('logits')
    .description("Write the first generated position's logits [vocab] for a first-turn prompt")
    .requiredOption('--model <dir>', 'model package')
    .option(
      '--image <file>',
      'image (repeatable)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[]
    )
    .requiredOption('--out <file>', 'output file')
    .argument('<text>', 'user message')
    .action(
      runAction(async (text: string, o: { model: string; image: string[]; out: string }) => {
        const runner = await ModelRunner.load(o.model)
        try {
          const m = runner.manifest
          const tokenizer = QwenTokenizer.fromFile(runner.pkg.path(m.tokenizerFile))
          const prompt = buildChatPrompt(tokenizer, {
            system: m.chatDefaults.systemPrompt,
            turns: [{ query: text, media: o.image.map(() => ({ kind: 'image' as const })) }]
          })
          const images = await encodeImages(runner, o.image)
          const seq = runner.openSequence()
          const logits = await runner.forward(seq, prompt.ids, images)
          await writeFile(o.out, float32Bytes(logits))
        } finally {
          await runner.dispose()
        }
      })
    )
}
