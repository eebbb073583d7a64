// worker_threads entry (built to out/main/conversation-parse-worker.js): parses and checks one
// imported conversation.json away from the thread that serves requests, which may cut it off
// (time limit, memory limit) without stalling anything else.
import { parentPort, workerData } from 'node:worker_threads'
import { parseConversationFile } from './conversation-parse-protocol'

parentPort?.postMessage(
  parseConversationFile(String((workerData as { text?: unknown } | null)?.text ?? ''))
)
