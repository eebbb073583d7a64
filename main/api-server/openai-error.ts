// Errors of the OpenAI-compatible API in OpenAI's own shape: an HTTP status and
// `{"error": {"message", "type", "param", "code"}}`, so every OpenAI client reports them as usual.
export type OpenAiErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error'
  | 'timeout_error'

export interface OpenAiErrorBody {
  readonly error: {
    readonly message: string
    readonly type: OpenAiErrorType
    readonly param: string | null
    readonly code: string | null
  }
}

const TYPE_OF_STATUS: Readonly<Record<number, OpenAiErrorType>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  408: 'timeout_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
  503: 'server_error'
}

export class OpenAiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    /** Extra response headers (Retry-After on a 429). */
    readonly headers: Readonly<Record<string, string>> = {}
  ) {
    super(message)
    this.name = 'OpenAiError'
  }

  body(): OpenAiErrorBody {
    return {
      error: {
        message: this.message,
        type: TYPE_OF_STATUS[this.status] ?? 'server_error',
        param: this.param,
        code: this.code
      }
    }
  }
}

/** A 400 naming the parameter at fault. */
export function badParam(param: string, message: string, code = 'invalid_value'): OpenAiError {
  return new OpenAiError(400, message, param, code)
}

export function unsupported(param: string, why: string): OpenAiError {
  return new OpenAiError(400, `${param} is not supported: ${why}`, param, 'unsupported_parameter')
}
