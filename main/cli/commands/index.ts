// Every command module, in the order `mpp --help` lists them.
import type { Command } from 'commander'
import { register as registerText } from './text'
import { register as registerMedia } from './media'
import { register as registerModelPackage } from './model-package'
import { register as registerRun } from './run'
import { register as registerDevices } from './devices'
import { register as registerChat } from './chat'
import { register as registerServe } from './serve'
import { register as registerBench } from './bench'
import { register as registerTestModel } from './test-model'
import { register as registerMakeBenchModel } from './make-bench-model'

export const commandModules: ReadonlyArray<(program: Command) => void> = [
  registerText,
  registerMedia,
  registerModelPackage,
  registerRun,
  registerDevices,
  registerChat,
  registerServe,
  registerBench,
  registerTestModel,
  registerMakeBenchModel
]
