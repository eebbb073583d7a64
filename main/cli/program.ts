// Assembles every `mpp` sub-command into one commander program.
import { Command } from 'commander'
import { commandModules } from './commands'

export function buildProgram(): Command {
  const program = new Command('mpp')
    .description('MPP Desktop: run MPP-Qwen-Next locally with ONNX Runtime')
    .showHelpAfterError()
  for (const register of commandModules) register(program)
  return program
}
