// Base class of every typed error the engine raises. Each area defines its own subclass with a
// closed set of codes; front doors print `message` and branch on `code`.
export class MppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown }
  ) {
    super(message, options)
    this.name = new.target.name
  }
}
