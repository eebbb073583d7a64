// A safe unpickler for torch checkpoints: it understands the opcodes torch.save emits (protocols
// 2-4) and calls only a whitelist of globals (OrderedDict, tensor rebuilds, storage types).
// Anything else is a CheckpointError; no Python object is ever executed.
import { CheckpointError } from './errors'
import {
  PickleDict,
  PickleTuple,
  TensorRef,
  type PickleKey,
  type PickleValue
} from './pickle-values'
import { callGlobal, loadPersistent, resolveGlobal } from './torch-globals'

export function unpickle(bytes: Uint8Array, fileName: string): PickleValue {
  return new Unpickler(bytes, fileName).run()
}

class Unpickler {
  private at = 0
  private stack: PickleValue[] = []
  private readonly marks: PickleValue[][] = []
  private readonly memo = new Map<number, PickleValue>()
  private readonly view: DataView
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })

  constructor(
    private readonly bytes: Uint8Array,
    private readonly fileName: string
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  run(): PickleValue {
    for (;;) {
      const opcode = this.u8()
      if (opcode === 0x2e) return this.pop() // STOP
      this.step(opcode)
    }
  }

  private step(opcode: number): void {
    switch (opcode) {
      case 0x80: // PROTO
        if (this.u8() > 5) throw this.fail('uses an unknown pickle protocol')
        return
      case 0x95: // FRAME: framing is only a hint for buffered readers
        this.take(8)
        return
      case 0x28: // MARK
        this.marks.push(this.stack)
        this.stack = []
        return
      case 0x7d: // EMPTY_DICT
        return this.push(new PickleDict())
      case 0x5d: // EMPTY_LIST
        return this.push([])
      case 0x29: // EMPTY_TUPLE
        return this.push(new PickleTuple([]))
      case 0x74: // TUPLE
        return this.push(new PickleTuple(this.popMark()))
      case 0x85: // TUPLE1
        return this.push(new PickleTuple([this.pop()]))
      case 0x86: {
        const b = this.pop()
        return this.push(new PickleTuple([this.pop(), b]))
      }
      case 0x87: {
        const c = this.pop()
        const b = this.pop()
        return this.push(new PickleTuple([this.pop(), b, c]))
      }
      case 0x6c: // LIST
        return this.push(this.popMark())
      case 0x64: // DICT
        return this.push(this.fillDict(new PickleDict(), this.popMark()))
      case 0x4e: // NONE
        return this.push(null)
      case 0x88: // NEWTRUE
        return this.push(true)
      case 0x89: // NEWFALSE
        return this.push(false)
      case 0x4b: // BININT1
        return this.push(this.u8())
      case 0x4d: // BININT2
        return this.push(this.view.getUint16(this.skip(2), true))
      case 0x4a: // BININT
        return this.push(this.view.getInt32(this.skip(4), true))
      case 0x8a: // LONG1
        return this.push(this.long(this.u8()))
      case 0x8b: // LONG4
        return this.push(this.long(this.view.getInt32(this.skip(4), true)))
      case 0x47: // BINFLOAT (big-endian)
        return this.push(this.view.getFloat64(this.skip(8), false))
      case 0x58: // BINUNICODE
        return this.push(this.text(this.view.getUint32(this.skip(4), true)))
      case 0x8c: // SHORT_BINUNICODE
        return this.push(this.text(this.u8()))
      case 0x8d: // BINUNICODE8
        return this.push(this.text(Number(this.view.getBigUint64(this.skip(8), true))))
      case 0x55: // SHORT_BINSTRING (latin-1)
        return this.push(latin1(this.take(this.u8())))
      case 0x54: // BINSTRING
        return this.push(latin1(this.take(this.view.getInt32(this.skip(4), true))))
      case 0x43: // SHORT_BINBYTES
        return this.push(this.take(this.u8()).slice())
      case 0x42: // BINBYTES
        return this.push(this.take(this.view.getUint32(this.skip(4), true)).slice())
      case 0x71: // BINPUT
        return this.put(this.u8())
      case 0x72: // LONG_BINPUT
        return this.put(this.view.getUint32(this.skip(4), true))
      case 0x94: // MEMOIZE
        return this.put(this.memo.size)
      case 0x68: // BINGET
        return this.get(this.u8())
      case 0x6a: // LONG_BINGET
        return this.get(this.view.getUint32(this.skip(4), true))
      case 0x63: // GLOBAL
        return this.push(resolveGlobal(this.line(), this.line(), this.fileName))
      case 0x93: {
        // STACK_GLOBAL
        const name = this.pop()
        const module = this.pop()
        if (typeof module !== 'string' || typeof name !== 'string') {
          throw this.fail('has a STACK_GLOBAL without string operands')
        }
        return this.push(resolveGlobal(module, name, this.fileName))
      }
      case 0x51: // BINPERSID
        return this.push(loadPersistent(this.pop(), this.failure))
      case 0x52: {
        // REDUCE
        const args = this.pop()
        return this.push(callGlobal(this.pop(), args, this.failure))
      }
      case 0x62: {
        // BUILD: state of an OrderedDict (torch's _metadata) or a tensor is not needed
        this.pop()
        const target = this.peek()
        if (!(target instanceof PickleDict || target instanceof TensorRef)) {
          throw this.fail('sets state on an object the checkpoint reader does not support')
        }
        return
      }
      case 0x73: {
        // SETITEM
        const value = this.pop()
        const key = this.pop()
        this.fillDict(this.dictOnTop(), [key, value])
        return
      }
      case 0x75: {
        // SETITEMS
        const items = this.popMark()
        this.fillDict(this.dictOnTop(), items)
        return
      }
      case 0x61: {
        // APPEND
        const value = this.pop()
        this.listOnTop().push(value)
        return
      }
      case 0x65: {
        // APPENDS
        const items = this.popMark()
        this.listOnTop().push(...items)
        return
      }
      case 0x30: // POP
        this.stack.pop()
        return
      case 0x31: // POP_MARK
        this.popMark()
        return
      case 0x32: // DUP
        return this.push(this.peek())
      default:
        throw this.fail(
          `uses pickle opcode 0x${opcode.toString(16).padStart(2, '0')} at byte ${this.at - 1}, which a checkpoint should not contain`
        )
    }
  }

  private fillDict(dict: PickleDict, items: PickleValue[]): PickleDict {
    if (items.length % 2 !== 0) throw this.fail('has an odd number of dict items')
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i]
      if (
        key !== null &&
        typeof key !== 'string' &&
        typeof key !== 'number' &&
        typeof key !== 'bigint' &&
        typeof key !== 'boolean'
      ) {
        throw this.fail('has a dict key that is not a plain value')
      }
      dict.entries.set(key as PickleKey, items[i + 1])
    }
    return dict
  }

  private dictOnTop(): PickleDict {
    const top = this.peek()
    if (!(top instanceof PickleDict)) throw this.fail('sets items on something that is not a dict')
    return top
  }

  private listOnTop(): PickleValue[] {
    const top = this.peek()
    if (!Array.isArray(top)) throw this.fail('appends to something that is not a list')
    return top
  }

  private put(index: number): void {
    this.memo.set(index, this.peek())
  }

  private get(index: number): void {
    const value = this.memo.get(index)
    if (value === undefined) throw this.fail(`reads memo slot ${index} before it was written`)
    this.push(value)
  }

  private push(value: PickleValue): void {
    this.stack.push(value)
  }

  private pop(): PickleValue {
    const value = this.stack.pop()
    if (value === undefined) throw this.fail('has a stack underflow')
    return value
  }

  private peek(): PickleValue {
    const value = this.stack[this.stack.length - 1]
    if (value === undefined) throw this.fail('has a stack underflow')
    return value
  }

  private popMark(): PickleValue[] {
    const items = this.stack
    const previous = this.marks.pop()
    if (previous === undefined) throw this.fail('closes a MARK that was never opened')
    this.stack = previous
    return items
  }

  private long(length: number): bigint | number {
    const bytes = this.take(length)
    let value = 0n
    for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i])
    if (length > 0 && bytes[length - 1] & 0x80) value -= 1n << BigInt(length * 8)
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value
  }

  private text(length: number): string {
    try {
      return this.decoder.decode(this.take(length))
    } catch {
      throw this.fail('holds a string that is not valid UTF-8')
    }
  }

  private line(): string {
    const end = this.bytes.indexOf(0x0a, this.at)
    if (end < 0) throw this.fail('ends inside a GLOBAL name')
    const value = latin1(this.bytes.subarray(this.at, end))
    this.at = end + 1
    return value
  }

  private u8(): number {
    if (this.at >= this.bytes.length) throw this.fail('ends before its STOP opcode')
    return this.bytes[this.at++]
  }

  private skip(length: number): number {
    const start = this.at
    this.take(length)
    return start
  }

  private take(length: number): Uint8Array {
    if (length < 0 || this.at + length > this.bytes.length) {
      throw this.fail('ends in the middle of a value')
    }
    const slice = this.bytes.subarray(this.at, this.at + length)
    this.at += length
    return slice
  }

  private readonly failure = (detail: string): CheckpointError => this.fail(detail)

  private fail(detail: string): CheckpointError {
    return new CheckpointError(
      'BAD_PICKLE',
      `${this.fileName} is not a readable checkpoint pickle: it ${detail}`
    )
  }
}

function latin1(bytes: Uint8Array): string {
  let out = ''
  for (const byte of bytes) out += String.fromCharCode(byte)
  return out
}
