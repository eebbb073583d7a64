// The model the chat terminal tests talk to: the real engine on the tiny random-weight demo
// package, reached the way a user without weights does (no --model, MPP_HOME pointing at it).
import { ensureDemoModel } from '../../../main/inference/demo-model'

export interface ChatModel {
  /** Package folder the direct (reference) runs load. */
  packagePath: string
  /** `mpp chat` arguments that select the same package. */
  args: string
  env: Record<string, string>
}

/** Builds the demo package under `home` (the tests run `mpp chat` with MPP_HOME=home). */
export async function chatModel(home: string): Promise<ChatModel> {
  const packagePath = await ensureDemoModel({ MPP_HOME: home })
  return { packagePath, args: '', env: {} }
}
