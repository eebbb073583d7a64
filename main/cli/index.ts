// The `mpp` command line: builds the commander program from the command modules and runs it.
import { buildProgram } from './program'

await buildProgram().parseAsync(process.argv)
