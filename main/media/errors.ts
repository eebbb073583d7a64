// Typed failures of image decoding and video frame extraction. Messages name the file and the
// reason so that a user who drops the wrong file sees what is wrong with it.
import { defineError } from '../shared/errors'

export const MediaError = defineError('MediaError', [
  'NOT_FOUND',
  'EMPTY_FILE',
  'NOT_AN_IMAGE',
  'TRUNCATED',
  'TOO_LARGE',
  'DECODE_FAILED',
  'NO_VIDEO_STREAM',
  'UNREADABLE_VIDEO',
  'FFMPEG_NOT_FOUND',
  'FFMPEG_FAILED',
  'TIMEOUT',
  'CANCELLED'
])
export type MediaError = InstanceType<typeof MediaError>
export type MediaErrorCode = MediaError['code']
