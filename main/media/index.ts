// Public surface of the media area: ffmpeg location, video probing, frame sampling and
// extraction (the engine's preprocess/ turns frames into image tensors).
export { MediaError } from './errors'
export type { MediaErrorCode } from './errors'
export { findFfmpeg } from './ffmpeg-locate'
export type { FfmpegLocation, FfmpegSource, LocateOptions } from './ffmpeg-locate'
export { probeVideo, parseProbeOutput } from './probe'
export type { VideoInfo, VideoOptions } from './probe'
export { chooseFrameIndices, DEFAULT_FRAME_COUNT } from './frame-select'
export { extractFrames, streamFrames } from './extract-frames'
export type { ExtractOptions, ExtractedFrames, RgbFrame } from './extract-frames'
