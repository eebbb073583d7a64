// The model package manifest (formatVersion 1): architecture numbers, storage dtype, special ids,
// chat defaults, per-part byte sizes, file hashes and the index of every stored tensor.
// Validated with zod on every load; the converter writes it last.
import { z } from 'zod'

export const PACKAGE_FORMAT_VERSION = 1
export const MANIFEST_FILE = 'manifest.json'

const positiveInt = z.number().int().positive()

export const visionArchSchema = z.strictObject({
  width: positiveInt,
  depth: positiveInt,
  heads: positiveInt,
  mlpWidth: positiveInt,
  patchSize: positiveInt,
  imageSize: positiveInt,
  layerNormEps: z.number().positive(),
  lnVisionEps: z.number().positive()
})

export const qformerArchSchema = z.strictObject({
  width: positiveInt,
  depth: positiveInt,
  heads: positiveInt,
  intermediate: positiveInt,
  crossAttentionFreq: positiveInt,
  layerNormEps: z.number().positive(),
  queries: positiveInt,
  encoderWidth: positiveInt
})

export const llmArchSchema = z.strictObject({
  hidden: positiveInt,
  layers: positiveInt,
  heads: positiveInt,
  headDim: positiveInt,
  mlpWidth: positiveInt,
  vocab: positiveInt,
  seqLength: positiveInt,
  rmsEps: z.number().positive(),
  rotaryBase: z.number().positive(),
  useDynamicNtk: z.boolean(),
  useLognAttn: z.boolean()
})

export const packageDtypeSchema = z.enum(['fp32', 'fp16', 'int4'])
export type PackageDtype = z.infer<typeof packageDtypeSchema>

/** How one stored tensor is laid out. `int4` is MatMulNBits' packed B ([N, blocks, block/2]). */
export const storedDtypeSchema = z.enum(['float32', 'float16', 'int4'])
export type StoredDtype = z.infer<typeof storedDtypeSchema>

/**
 * A file named by the manifest: a relative path with forward slashes that stays inside the package
 * folder (no `..` part, no absolute or drive path, no empty part), so a tampered manifest cannot
 * make the app read or hash files elsewhere on the disk.
 */
export function isInsidePackage(file: string): boolean {
  if (file.length === 0 || file.includes('\0') || file.includes('\\')) return false
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file)) return false
  return file.split('/').every((part) => part !== '' && part !== '..')
}

const packageFileSchema = z
  .string()
  .refine(isInsidePackage, 'must name a file inside the package folder')

export const tensorEntrySchema = z.strictObject({
  file: packageFileSchema,
  offset: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  dtype: storedDtypeSchema,
  /** Logical shape. Matrices used by MatMul are stored [in, out]; int4 ones [out, in]. */
  shape: z.array(z.number().int().nonnegative())
})
export type TensorEntry = z.infer<typeof tensorEntrySchema>

export const fileEntrySchema = z.strictObject({
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/)
})

export const manifestSchema = z.strictObject({
  formatVersion: z.literal(PACKAGE_FORMAT_VERSION),
  createdBy: z.string(),
  demo: z.boolean(),
  /** Written by `mpp make-bench-model`: filled weights, for timing only; answers mean nothing. */
  timingOnly: z.boolean().optional(),
  dtype: packageDtypeSchema,
  int4BlockSize: positiveInt,
  arch: z.strictObject({
    vision: visionArchSchema,
    qformer: qformerArchSchema,
    llm: llmArchSchema
  }),
  specialIds: z.strictObject({
    imagePad: positiveInt,
    imStart: positiveInt,
    imEnd: positiveInt,
    endOfText: positiveInt,
    firstUnusable: positiveInt
  }),
  chatDefaults: z.strictObject({
    systemPrompt: z.string(),
    maxNewTokens: positiveInt,
    maxWindowSize: positiveInt,
    stopIds: z.array(z.number().int())
  }),
  sizes: z.strictObject({
    decoderLayerBytes: z.array(z.number().int().nonnegative()),
    visionBytes: z.number().int().nonnegative(),
    headBytes: z.number().int().nonnegative(),
    embeddingBytes: z.number().int().nonnegative()
  }),
  embedding: z.strictObject({
    file: packageFileSchema,
    dtype: z.enum(['float32', 'float16']),
    rows: positiveInt,
    width: positiveInt
  }),
  tokenizerFile: packageFileSchema,
  files: z.record(packageFileSchema, fileEntrySchema),
  tensors: z.record(z.string(), tensorEntrySchema)
})

export type Manifest = z.infer<typeof manifestSchema>
export type VisionArch = Manifest['arch']['vision']
export type QformerArch = Manifest['arch']['qformer']
export type LlmArch = Manifest['arch']['llm']

export const DEFAULT_SPECIAL_IDS: Manifest['specialIds'] = {
  imagePad: 151646,
  imStart: 151644,
  imEnd: 151645,
  endOfText: 151643,
  firstUnusable: 151851
}

export const DEFAULT_CHAT: Manifest['chatDefaults'] = {
  systemPrompt: 'You are a helpful assistant.',
  maxNewTokens: 512,
  maxWindowSize: 6144,
  stopIds: [151645, 151644]
}
