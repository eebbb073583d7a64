// worker_threads entry that owns one device's ONNX Runtime sessions.
export {}
