// Canonical names of the tensors stored in a package, shared by the converter (which writes
// them) and the graph builders (which reference them), plus the package's file names.
export const VISION_WEIGHTS_FILE = 'weights/vision.bin'
export const HEAD_WEIGHTS_FILE = 'weights/head.bin'
export const EMBEDDING_FILE = 'embed_tokens.bin'
export const VISION_GRAPH_FILE = 'vision.onnx'
export const CONVERT_REPORT_FILE = 'convert-report.json'

export function decoderWeightsFile(layer: number): string {
  return `weights/decoder-${String(layer).padStart(3, '0')}.bin`
}

/** `variant`: hostkv, devicekv, gqa or gqa16 (onnx/decoder-graph.ts, onnx/gpu-decoder-graph.ts). */
export function segmentGraphFile(from: number, to: number, variant: string): string {
  return `decoder-${from}-${to}.${variant}.onnx`
}

export const visionNames = {
  patchWeight: 'vision.patch_embed.weight',
  patchBias: 'vision.patch_embed.bias',
  cls: 'vision.cls_token',
  pos: 'vision.pos_embed',
  block: (i: number): string => `vision.blocks.${i}`,
  lnVision: 'ln_vision',
  queryTokens: 'qformer.query_tokens',
  qformerEmbLn: 'qformer.embeddings.LayerNorm',
  qformerLayer: (i: number): string => `qformer.layer.${i}`,
  llmProj: 'llm_proj'
}

export const decoderNames = {
  layer: (i: number): string => `h.${i}`,
  lnF: 'ln_f.weight',
  lmHead: 'lm_head'
}
