// The conversion's time left: the average rate since the first report, by hand.
import { describe, expect, it } from 'vitest'
import { secondsLeft } from '../../../renderer/src/store/eta'

describe('secondsLeft', () => {
  it('extrapolates the rate since the first report', () => {
    // 20 of 100 done 10 s after a report at 0 done: 2 per s, 80 left → 40 s.
    expect(secondsLeft({ at: 0, done: 0 }, 10_000, 20, 100)).toBe(40)
    // 30 → 50 in 4 s: 5 per s, 150 left → 30 s.
    expect(secondsLeft({ at: 1_000, done: 30 }, 5_000, 50, 200)).toBe(30)
  })

  it('rounds up to whole seconds', () => {
    // 3 per s, 10 left → 3.33 s → 4.
    expect(secondsLeft({ at: 0, done: 0 }, 1_000, 3, 13)).toBe(4)
  })

  it('is unknown before any progress, and when done', () => {
    expect(secondsLeft({ at: 0, done: 5 }, 0, 5, 100)).toBeNull()
    expect(secondsLeft({ at: 0, done: 5 }, 1_000, 5, 100)).toBeNull()
    expect(secondsLeft({ at: 0, done: 0 }, 1_000, 100, 100)).toBeNull()
  })
})
