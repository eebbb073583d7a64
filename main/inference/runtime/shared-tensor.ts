// A device tensor shared by forked sequences (copy-free fork): reference counted, and
// disposed (its gpu-buffer freed) when the last holder lets go.
import type * as ort from 'onnxruntime-node'

export class SharedTensor {
  private refs = 1
  constructor(readonly tensor: ort.Tensor) {}
  retain(): this {
    this.refs++
    return this
  }
  release(): void {
    if (--this.refs === 0 && this.tensor.location === 'gpu-buffer') this.tensor.dispose()
  }
}
