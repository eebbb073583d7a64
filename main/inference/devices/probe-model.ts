// A one-node ONNX model (c = a + b over float32[4]) encoded by hand, used to probe whether a
// backend can create a session and run it. Hand-encoding keeps the probe free of the graph builder.

function varint(value: number): number[] {
  const out: number[] = []
  let rest = value
  while (rest > 127) {
    out.push((rest & 127) | 128)
    rest = Math.floor(rest / 128)
  }
  out.push(rest)
  return out
}

const bytesField = (field: number, bytes: number[]): number[] => [
  ...varint((field << 3) | 2),
  ...varint(bytes.length),
  ...bytes
]
const intField = (field: number, value: number): number[] => [
  ...varint(field << 3),
  ...varint(value)
]
const text = (value: string): number[] => [...Buffer.from(value, 'utf8')]

/** ValueInfoProto: float32 tensor of shape [4]. */
function float4(name: string): number[] {
  const shape = bytesField(1, intField(1, 4))
  const tensorType = [...intField(1, 1), ...bytesField(2, shape)]
  return [...bytesField(1, text(name)), ...bytesField(2, bytesField(1, tensorType))]
}

export function probeModelBytes(): Uint8Array {
  const node = [
    ...bytesField(1, text('a')),
    ...bytesField(1, text('b')),
    ...bytesField(2, text('c')),
    ...bytesField(4, text('Add'))
  ]
  const graph = [
    ...bytesField(1, node),
    ...bytesField(2, text('probe')),
    ...bytesField(11, float4('a')),
    ...bytesField(11, float4('b')),
    ...bytesField(12, float4('c'))
  ]
  const opset = [...bytesField(1, []), ...intField(2, 13)]
  return Uint8Array.from([...intField(1, 8), ...bytesField(8, opset), ...bytesField(7, graph)])
}
