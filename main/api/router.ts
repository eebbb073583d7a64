// The transport-independent router: route name -> zod-parse -> handler -> result envelope. Used by
// the Electron ipcMain handler and by the `mpp serve` HTTP bridge alike; it never throws.
import type { z } from 'zod'
import type { ApiErrorCode, Envelope } from '../../preload/contract/errors'
import {
  routes,
  type RouteName,
  type RouteOutput,
  type RouteParsed
} from '../../preload/contract/routes'
import { READABLE_ISSUE } from '../../preload/contract/schemas'
import { MppError } from '../inference/errors'
import { cleanMessage } from '../inference/user-message'
import { ApiError } from './api-error'

export type Handler<R extends RouteName> = (input: RouteParsed<R>) => Promise<RouteOutput<R>>

/** Exactly one handler per route: a missing or extra route is a compile error. */
export type HandlerMap = { [R in RouteName]: Handler<R> }

export interface Router {
  dispatch(route: string, input: unknown): Promise<Envelope<unknown>>
}

function isRouteName(name: string): name is RouteName {
  return Object.prototype.hasOwnProperty.call(routes, name)
}

function isReadable(issue: z.ZodError['issues'][number]): boolean {
  return issue.code === 'custom' && issue.params?.readable === READABLE_ISSUE.readable
}

function describeZod(route: string, error: z.ZodError): string {
  // A message written for people (a generation option's refusal) reads the same as at every other
  // front door, so it goes out as it is.
  const first = error.issues[0]
  if (first && isReadable(first)) return first.message
  return (
    `${route}: ` +
    error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
      .join('; ')
  )
}

const KNOWN_ENGINE_CODES: Readonly<Record<string, ApiErrorCode>> = {
  START_FAILED: 'HOST_ERROR',
  EXITED: 'HOST_ERROR',
  CIRCUIT_OPEN: 'HOST_ERROR',
  REMOTE_ERROR: 'HOST_ERROR',
  DISPOSED: 'HOST_ERROR'
}

function toErrorData(error: unknown): { code: ApiErrorCode; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: cleanMessage(error.message) }
  if (error instanceof MppError) {
    return {
      code: KNOWN_ENGINE_CODES[error.code] ?? 'HOST_ERROR',
      message: cleanMessage(error.message)
    }
  }
  return { code: 'INTERNAL', message: 'Something went wrong inside the app; see the log.' }
}

/** The envelope for work done outside a route (an upload), with the router's error mapping. */
export async function settle<T>(work: Promise<T>): Promise<Envelope<T>> {
  try {
    return { ok: true, value: await work }
  } catch (error) {
    return { ok: false, error: toErrorData(error) }
  }
}

export function createRouter(
  handlers: HandlerMap,
  onUnexpected: (route: string, error: unknown) => void = () => {}
): Router {
  return {
    async dispatch(route, input) {
      if (!isRouteName(route)) {
        return { ok: false, error: { code: 'UNKNOWN_ROUTE', message: `No route named "${route}"` } }
      }
      const parsed = routes[route].input.safeParse(input)
      if (!parsed.success) {
        return {
          ok: false,
          error: { code: 'BAD_INPUT', message: describeZod(route, parsed.error) }
        }
      }
      try {
        const handler = handlers[route] as (value: unknown) => Promise<unknown>
        return { ok: true, value: await handler(parsed.data) }
      } catch (error) {
        if (!(error instanceof MppError)) onUnexpected(route, error)
        return { ok: false, error: toErrorData(error) }
      }
    }
  }
}
