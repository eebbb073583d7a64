// The error model: a family made by defineError is a real subclass of MppError (instanceof,
// name, stack, cause), keeps its closed code list, and refuses codes outside the one style.
import { describe, expect, it } from 'vitest'
import { defineError, MppError } from '../../../main/shared/errors'
import { MediaError } from '../../../main/media/errors'
import { ApiError } from '../../../main/api/api-error'
import { API_ERROR_CODES } from '../../../preload/contract/errors'

describe('defineError', () => {
  it('makes a named MppError subclass that keeps code, message and cause', () => {
    const FrameError = defineError('FrameError', ['NO_FRAME', 'BAD_FRAME'])
    const cause = new Error('underlying')
    const error = new FrameError('BAD_FRAME', 'frame 3 is bad', { cause })
    expect(error).toBeInstanceOf(FrameError)
    expect(error).toBeInstanceOf(MppError)
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('FrameError')
    expect(error.code).toBe('BAD_FRAME')
    expect(error.message).toBe('frame 3 is bad')
    expect(error.cause).toBe(cause)
    expect(String(error.stack)).toMatch(/^FrameError: frame 3 is bad/)
    expect(FrameError.codes).toEqual(['NO_FRAME', 'BAD_FRAME'])
  })

  it('keeps families apart for instanceof', () => {
    const media = new MediaError('NOT_FOUND', 'x.png is missing')
    expect(media).toBeInstanceOf(MediaError)
    expect(media).not.toBeInstanceOf(ApiError)
    expect(ApiError.codes).toEqual(API_ERROR_CODES)
  })

  it('accepts SCREAMING_SNAKE codes only (a type error otherwise)', () => {
    // @ts-expect-error kebab-case codes are not the house style
    const Kebab = defineError('Kebab', ['not-found'])
    expect(Kebab.codes).toEqual(['not-found'])
  })
})
