// The one error model of main/: MppError, the base every typed failure extends, and defineError,
// which makes an error family (a name plus its closed list of SCREAMING_SNAKE codes) without a
// hand-written subclass. Front doors print `message` and branch on `code`. Imports nothing.

export interface MppErrorOptions {
  cause?: unknown
}

export class MppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: MppErrorOptions
  ) {
    super(message, options)
    this.name = new.target.name
  }
}

/** An error family made by defineError: `new Family(code, message, { cause })`, `instanceof`. */
export interface MppErrorFamily<Code extends string> {
  new (code: Code, message: string, options?: MppErrorOptions): MppError & { readonly code: Code }
  /** Every code of the family, in declaration order. */
  readonly codes: readonly Code[]
}

/** Codes are SCREAMING_SNAKE: the same style as the wire codes of the contract and the host. */
export type ErrorCodeStyle = Uppercase<string>

export function defineError<const Code extends ErrorCodeStyle>(
  name: string,
  codes: readonly Code[]
): MppErrorFamily<Code> {
  const family = class extends MppError {
    declare readonly code: Code
    static readonly codes = codes
    constructor(code: Code, message: string, options?: MppErrorOptions) {
      super(code, message, options)
    }
  }
  Object.defineProperty(family, 'name', { value: name })
  return family
}
