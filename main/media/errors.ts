// Typed failures of image decoding and video frame extraction. Messages name the file and the
// reason so that a user who drops the wrong file sees what is wrong with it.
import { MppError } from '../inference/errors'

export type MediaErrorCode =
  | 'NOT_FOUND'
  | 'EMPTY_FILE'
  | 'NOT_AN_IMAGE'
  | 'TRUNCATED'
  | 'TOO_LARGE'
  | 'DECODE_FAILED'
  | 'NO_VIDEO_STREAM'
  | 'UNREADABLE_VIDEO'
  | 'FFMPEG_NOT_FOUND'
  | 'FFMPEG_FAILED'
  | 'TIMEOUT'
  | 'CANCELLED'

export class MediaError extends MppError {
  constructor(
    override readonly code: MediaErrorCode,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(code, message, options)
  }
}
