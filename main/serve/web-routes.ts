// Which API routes web mode refuses. A browser can only hand the server files it uploads, so routes
// that take a path on the server's disk would only let a token holder read images anywhere on the
// server, or learn which paths exist. Unless `mpp serve --allow-paths` is given: the routes that
// take any path are refused, and model.load / model.plan take only a package the server itself
// lists (its models folder, or the model it has loaded).
import { resolve } from 'node:path'
import type { ApiErrorData } from '../../preload/contract/errors'
import type { RouteName } from '../../preload/contract/routes'
import type { ModelService } from '../services/model-service'

const PATH_ROUTES: ReadonlySet<string> = new Set([
  'attachments.addPath',
  'conversation.importPath',
  'model.convert'
] satisfies RouteName[])

const PACKAGE_ROUTES: ReadonlySet<string> = new Set([
  'model.load',
  'model.plan'
] satisfies RouteName[])

const ALLOW_HINT = 'start `mpp serve --allow-paths` to allow it'

function packagePathOf(input: unknown): string | null {
  if (typeof input !== 'object' || input === null || !('packagePath' in input)) return null
  return typeof input.packagePath === 'string' ? input.packagePath : null
}

/** Why web mode refuses this call, or null when it may go to the router. */
export async function refusedWebRoute(
  models: Pick<ModelService, 'list' | 'status'>,
  route: string,
  input: unknown
): Promise<ApiErrorData | null> {
  if (PATH_ROUTES.has(route)) {
    return {
      code: 'FORBIDDEN',
      message: `${route} reads paths on the server's disk, which web mode does not; ${ALLOW_HINT}`
    }
  }
  if (!PACKAGE_ROUTES.has(route)) return null
  const asked = packagePathOf(input)
  // Input the route's schema refuses gets the router's own BAD_INPUT answer.
  if (asked === null) return null
  const offered = [...(await models.list()).map((entry) => entry.path), models.status().packagePath]
  if (offered.some((path) => path !== null && resolve(path) === resolve(asked))) return null
  return {
    code: 'FORBIDDEN',
    message: `Web mode loads only the models the server lists under Converted models; ${ALLOW_HINT} for any folder`
  }
}
