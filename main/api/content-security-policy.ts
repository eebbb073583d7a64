// The renderer's Content-Security-Policy, one string for every place it is set: the header on the
// desktop app's responses, the header `mpp serve` sends, and (less frame-ancestors, which a meta
// tag cannot carry) the meta tag in renderer/index.html, which a test holds to this string.
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
  "style-src 'self' 'unsafe-inline'; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'"
