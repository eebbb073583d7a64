// What getting the real model takes: the seed's files to download (README "Converting real
// MPP-Qwen-Next weights", MODEL-SPEC §10.1) with their approximate sizes, and the disk space the
// converted package needs per precision.
//
// Sizes: the SFT checkpoint is 15.44 GB (MODEL-SPEC §10.2); the others are estimates from the
// tensor counts: EVA ViT-g ≈ 1.0 B parameters in fp16 (≈ 2.0 GB), BLIP-2's Q-Former part ≈ 1.0 GB,
// Qwen-7B-Chat 7.7 B parameters in bf16 (≈ 15.4 GB). The package: vision ≈ 1.1 B parameters (fp32,
// or fp16 below fp32), the LLM's matrices 7.1 B (fp32, fp16, or int4 with a float scale per 32
// weights ≈ 0.625 bytes each) and its embedding table 0.62 B kept in fp32.

export type SourceKey = 'vit' | 'blip2' | 'llm' | 'sft'
export type PackageDtype = 'fp32' | 'fp16' | 'int4'

export interface SeedDownload {
  readonly key: SourceKey
  /** The file or folder name as the seed publishes it. */
  readonly name: string
  /** Approximate size in GB (10^9 bytes). */
  readonly gigabytes: number
  /** A file or a folder: which picker to open. */
  readonly kind: 'file' | 'folder'
  /** Where the seed's WEIGHT.md says to get it. */
  readonly source: string
}

export const SEED_DOWNLOADS: readonly SeedDownload[] = [
  {
    key: 'vit',
    name: 'eva_vit_g.pth',
    gigabytes: 2.0,
    kind: 'file',
    source: 'LAVIS (BLIP-2)'
  },
  {
    key: 'blip2',
    name: 'blip2_pretrained_flant5xxl.pth',
    gigabytes: 1.0,
    kind: 'file',
    source: 'LAVIS (BLIP-2)'
  },
  {
    key: 'llm',
    name: 'Qwen-7B-Chat/',
    gigabytes: 15.4,
    kind: 'folder',
    source: 'huggingface.co/Qwen/Qwen-7B-Chat'
  },
  {
    key: 'sft',
    name: 'unfreeze_llm_model.pth',
    gigabytes: 15.4,
    kind: 'file',
    source: 'modelscope.cn Coobiw/MPP-Qwen-Next'
  }
]

/** Approximate GB the converted package takes on disk, per precision. */
export const PACKAGE_GIGABYTES: Readonly<Record<PackageDtype, number>> = {
  fp32: 35,
  fp16: 19,
  int4: 9
}

export function downloadGigabytes(): number {
  return SEED_DOWNLOADS.reduce((sum, entry) => sum + entry.gigabytes, 0)
}
