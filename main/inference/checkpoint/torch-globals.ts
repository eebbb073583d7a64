// The only Python callables a checkpoint pickle may name: OrderedDict, torch's tensor and
// Parameter rebuild functions, and the typed storage classes of persistent ids. Each is
// "called" by building the matching plain value; anything else is refused.
import { CheckpointError } from './errors'
import {
  PickleDict,
  PickleGlobal,
  PickleTuple,
  StorageRef,
  TensorRef,
  storageDtypes,
  type PickleValue
} from './pickle-values'

type Fail = (detail: string) => CheckpointError

const ALLOWED_GLOBALS = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  ...Object.keys(storageDtypes).map((name) => `torch.${name}`)
])

export function resolveGlobal(module: string, name: string, fileName: string): PickleGlobal {
  const qualified = `${module}.${name}`
  if (!ALLOWED_GLOBALS.has(qualified)) {
    throw new CheckpointError(
      'UNKNOWN_GLOBAL',
      `${fileName} refers to the Python object ${qualified}, which is not part of a plain tensor checkpoint; refusing to load it`
    )
  }
  return new PickleGlobal(module, name)
}

export function callGlobal(callable: PickleValue, args: PickleValue, fail: Fail): PickleValue {
  if (!(callable instanceof PickleGlobal) || !(args instanceof PickleTuple)) {
    throw fail('calls something that is not a whitelisted global')
  }
  const items = args.items
  switch (callable.qualifiedName) {
    case 'collections.OrderedDict':
      if (items.length !== 0) throw fail('builds an OrderedDict from arguments')
      return new PickleDict()
    case 'torch._utils._rebuild_tensor_v2': {
      const [storage, offset, size, stride] = items
      if (
        !(storage instanceof StorageRef) ||
        typeof offset !== 'number' ||
        !(size instanceof PickleTuple) ||
        !(stride instanceof PickleTuple)
      ) {
        throw fail('rebuilds a tensor with malformed arguments')
      }
      return new TensorRef(storage, offset, ints(size, fail), ints(stride, fail))
    }
    case 'torch._utils._rebuild_parameter':
    case 'torch._utils._rebuild_parameter_with_state': {
      const tensor = items[0]
      if (!(tensor instanceof TensorRef)) throw fail('wraps a non-tensor in a Parameter')
      return tensor
    }
    default:
      throw fail(`calls ${callable.qualifiedName}, which cannot be called`)
  }
}

/** torch's persistent id for a storage: ('storage', torch.<Type>Storage, key, location, numel). */
export function loadPersistent(pid: PickleValue, fail: Fail): StorageRef {
  if (!(pid instanceof PickleTuple) || pid.items[0] !== 'storage') {
    throw fail('has a persistent id that is not a torch storage')
  }
  const [, type, key, , numel] = pid.items
  if (!(type instanceof PickleGlobal) || type.module !== 'torch') {
    throw fail('has a storage of unknown type')
  }
  const dtype = storageDtypes[type.name]
  const count = typeof numel === 'bigint' ? Number(numel) : numel
  if (dtype === undefined || typeof key !== 'string' || typeof count !== 'number') {
    throw fail('has a malformed storage record')
  }
  return new StorageRef(key, dtype, count)
}

function ints(tuple: PickleTuple, fail: Fail): number[] {
  return tuple.items.map((item) => {
    if (typeof item === 'number' && Number.isInteger(item)) return item
    if (typeof item === 'bigint') return Number(item)
    throw fail('has a tensor size or stride that is not an integer')
  })
}
