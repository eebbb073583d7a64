// The router: unknown route, bad input and thrown errors all come back as envelopes.
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../main/api/api-error'
import { createRouter, type HandlerMap } from '../../../main/api/router'
import { ServiceError } from '../../../main/services/service-error'
import { MediaError } from '../../../main/media/errors'
import { routes } from '../../../preload/contract/routes'

function handlersWith(overrides: Partial<HandlerMap>): HandlerMap {
  const fallback = async (): Promise<never> => {
    throw new ApiError('UNAVAILABLE', 'not in this test')
  }
  const map = Object.fromEntries(Object.keys(routes).map((name) => [name, fallback]))
  return { ...map, ...overrides } as HandlerMap
}

describe('createRouter', () => {
  it('parses input and wraps the value', async () => {
    const router = createRouter(
      handlersWith({ 'conversation.rename': async (input) => ({ title: input.title }) as never })
    )
    expect(await router.dispatch('conversation.rename', { id: 'c-1', title: 'Cats' })).toEqual({
      ok: true,
      value: { title: 'Cats' }
    })
  })

  it('answers UNKNOWN_ROUTE for names that are not routes, including inherited ones', async () => {
    const router = createRouter(handlersWith({}))
    for (const name of ['nope', 'toString', '__proto__']) {
      const result = await router.dispatch(name, {})
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } })
    }
  })

  it('answers BAD_INPUT naming the field, without calling the handler', async () => {
    let called = false
    const router = createRouter(
      handlersWith({
        'conversation.get': async () => {
          called = true
          return null as never
        }
      })
    )
    const result = await router.dispatch('conversation.get', { id: '../x' })
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } })
    expect(!result.ok && result.error.message).toContain('id')
    expect(called).toBe(false)
    expect(await router.dispatch('conversation.get', { id: 'a', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' }
    })
  })

  it('keeps typed error codes and hides unexpected errors behind INTERNAL', async () => {
    const seen: unknown[] = []
    const router = createRouter(
      handlersWith({
        'conversation.get': async () => {
          throw new ApiError('NOT_FOUND', 'No conversation x')
        },
        'conversation.list': async () => {
          throw new TypeError('secret /home/user/path')
        }
      }),
      (_route, error) => seen.push(error)
    )
    expect(await router.dispatch('conversation.get', { id: 'x' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No conversation x' }
    })
    const hidden = await router.dispatch('conversation.list', {})
    expect(hidden).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(hidden)).not.toContain('secret')
    expect(seen).toHaveLength(1)
  })

  it('maps service errors to their transport code and other typed errors to HOST_ERROR', async () => {
    const router = createRouter(
      handlersWith({
        'conversation.get': async () => {
          throw new ServiceError('BUSY', 'An answer is being written')
        },
        'conversation.list': async () => {
          throw new MediaError('FFMPEG_NOT_FOUND', 'ffmpeg is not installed')
        }
      })
    )
    expect(await router.dispatch('conversation.get', { id: 'x' })).toEqual({
      ok: false,
      error: { code: 'BUSY', message: 'An answer is being written' }
    })
    expect(await router.dispatch('conversation.list', {})).toEqual({
      ok: false,
      error: { code: 'HOST_ERROR', message: 'ffmpeg is not installed' }
    })
  })
})
