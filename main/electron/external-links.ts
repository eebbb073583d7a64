// Which links the app hands to the system browser: https pages on the few sites the app itself
// points people to (the seed project and its weights). Anything else a page or a model's answer
// links to stays closed, so a crafted answer cannot open arbitrary URLs or local handlers.
const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'github.com',
  'huggingface.co',
  'modelscope.cn',
  'onnxruntime.ai'
])

export function isAllowedExternalUrl(text: string): boolean {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return false
  }
  return url.protocol === 'https:' && url.username === '' && EXTERNAL_HOSTS.has(url.hostname)
}
