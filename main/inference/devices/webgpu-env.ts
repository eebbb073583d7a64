// The SwiftShader route to a WebGPU adapter on machines without a GPU (ORT-RUNTIME.md §1.1).
// Dawn's Vulkan loader reads VK_ICD_FILENAMES from the real process environment once, so it must
// be set in the main thread (workers get a private copy of process.env) before any WebGPU session.

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json'

/** Points Vulkan at SwiftShader unless the environment already chose a driver. */
export function useSwiftShaderIfUnset(): void {
  if (process.env.VK_ICD_FILENAMES === undefined) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD
}

export function isSoftwareVulkan(env: NodeJS.ProcessEnv = process.env): boolean {
  return /swiftshader|lvp_icd|lavapipe/i.test(env.VK_ICD_FILENAMES ?? '')
}
