// Exports a conversation into a folder of its own: Markdown with the media copied into an
// images/ folder beside it and the conversation file itself (which conversation-import.ts reads
// back), or the seed's instruction-tuning JSON (MODEL-SPEC §12) with the media beside it. Media
// files are named by their label so the text can refer to them.
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import type {
  Conversation,
  ConversationAttachment,
  ExportResult
} from '../../preload/contract/types'
import { ServiceError } from './service-error'
import { toConversationFile } from './conversation-schema'
import { CONVERSATION_FILE } from './export-reader'
import { isHistoryTurn } from './turn-runner'

const PLACEHOLDER = '<Img><ImageHere></Img>'

export type PathOf = (attachmentId: string) => Promise<string>

function slug(text: string): string {
  const cleaned = text.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '')
  // By code point, so a character outside the BMP is never cut in half.
  return Array.from(cleaned).slice(0, 40).join('').replace(/-+$/, '') || 'conversation'
}

/** The file name an attachment gets in an export. */
export function mediaFileName(attachment: ConversationAttachment): string {
  return `${attachment.label}${extname(attachment.name).toLowerCase()}`
}

async function copyMedia(
  conversation: Conversation,
  folder: string,
  pathOf: PathOf
): Promise<Map<string, string>> {
  await mkdir(folder, { recursive: true })
  const names = new Map<string, string>()
  for (const attachment of conversation.attachments) {
    const name = mediaFileName(attachment)
    await copyFile(await pathOf(attachment.id), join(folder, name))
    names.set(attachment.id, name)
  }
  return names
}

export function conversationMarkdown(
  conversation: Conversation,
  names: Map<string, string>
): string {
  const lines = [`# ${conversation.title}`, '']
  const byId = new Map(conversation.attachments.map((a) => [a.id, a]))
  for (const turn of conversation.turns) {
    lines.push('## Question', '')
    for (const id of turn.attachmentIds) {
      const attachment = byId.get(id)
      const name = names.get(id)
      if (!attachment || !name) continue
      lines.push(
        attachment.kind === 'image'
          ? `![Image ${attachment.label}](images/${name})`
          : `[Video ${attachment.label}: ${attachment.name}, ${attachment.frames ?? 32} frames](images/${name})`,
        ''
      )
    }
    lines.push(turn.query, '', '## Answer', '', turn.response || '_(no answer)_', '')
  }
  return lines.join('\n')
}

/** One sample in the seed's format; several images become a list with one wrapper each. */
export function instructionRecord(
  conversation: Conversation,
  names: Map<string, string>
): Record<string, string | string[]> | null {
  const turns = conversation.turns.filter(isHistoryTurn)
  if (turns.length === 0) return null
  const byId = new Map(conversation.attachments.map((a) => [a.id, a]))
  const images: string[] = []
  const videos: string[] = []
  const instructions = turns.map((turn) => {
    const media = turn.attachmentIds.flatMap((id) => byId.get(id) ?? [])
    for (const attachment of media) {
      const name = names.get(attachment.id) ?? attachment.name
      ;(attachment.kind === 'video' ? videos : images).push(name)
    }
    return media.length > 0 ? `${PLACEHOLDER.repeat(media.length)} ${turn.query}` : turn.query
  })
  const outputs = turns.map((turn) => turn.response)
  const record: Record<string, string | string[]> = {}
  if (videos.length > 0) record.video = videos.length === 1 ? videos[0] : videos
  if (images.length > 0) record.image = images.length === 1 ? images[0] : images
  record.instruction = instructions.length === 1 ? instructions[0] : instructions
  record.output = outputs.length === 1 ? outputs[0] : outputs
  return record
}

export async function exportConversation(
  conversation: Conversation,
  format: 'markdown' | 'instruction-json',
  exportsDir: string,
  pathOf: PathOf
): Promise<ExportResult> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)
  const name = `${slug(conversation.title)}-${stamp}`
  const folder = join(exportsDir, name)
  const mediaFolder = format === 'markdown' ? join(folder, 'images') : folder
  const names = await copyMedia(conversation, mediaFolder, pathOf)
  const media = [...names.values()].map((name) => join(mediaFolder, name))
  if (format === 'markdown') {
    const path = join(folder, 'conversation.md')
    await writeFile(path, conversationMarkdown(conversation, names))
    const file = join(folder, CONVERSATION_FILE)
    await writeFile(file, JSON.stringify(toConversationFile(conversation), null, 2))
    return { name, path, files: [path, file, ...media] }
  }
  const record = instructionRecord(conversation, names)
  const path = join(folder, 'instruction.json')
  await writeFile(path, `${JSON.stringify(record ? [record] : [], null, 2)}\n`)
  return { name, path, files: [path, ...media] }
}

/** The folder of an earlier export by its name (already checked to be a plain name). */
export async function exportFolder(exportsDir: string, name: string): Promise<string> {
  const folder = join(exportsDir, name)
  const info = await stat(folder).catch(() => null)
  if (!info?.isDirectory()) throw new ServiceError('NOT_FOUND', `There is no export named ${name}`)
  return folder
}
