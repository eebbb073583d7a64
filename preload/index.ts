// Preload: exposes the typed window.api bridge to the sandboxed renderer.
export {}
