// The seed's frame sampling rule (WebUI extract_frames): interval = floor(total / count), or 1
// when that is 0; keep frames whose index is a multiple of the interval, at most `count` of them.

export const DEFAULT_FRAME_COUNT = 32

export function chooseFrameIndices(total: number, count: number = DEFAULT_FRAME_COUNT): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`bad frame total ${total}`)
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`bad frame count ${count}`)
  const interval = Math.floor(total / count) || 1
  const indices: number[] = []
  for (let index = 0; index < total && indices.length < count; index += interval) {
    indices.push(index)
  }
  return indices
}
