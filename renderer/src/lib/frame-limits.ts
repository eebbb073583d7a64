// Frame-count bounds for video sampling, as the contract's FrameCountSchema sets them
// (preload/contract/schemas.ts; the renderer may not import contract values).
export const FRAME_COUNT_LIMITS = { min: 1, max: 64, default: 32 } as const
