// Every renderer -> main request: its zod input schema (parsed in main on arrival) and its output
// type. Route names are `domain.verb`; this table is the single source of truth for both sides.
import { z } from 'zod'
import {
  AppSettingsSchema,
  AttachmentIdSchema,
  ChatSettingsPatchSchema,
  ExportNameSchema,
  FrameCountSchema,
  IdSchema
} from './schemas'
import type {
  ApiServerStatus,
  AppSettings,
  AttachmentInfo,
  Conversation,
  ConversationSummary,
  ExportResult,
  FrameStrip,
  ModelPackageEntry,
  ModelStatus,
  PlacementPreview
} from './types'

const none = z.strictObject({})
/** Pasted files travel whole in one IPC message; anything bigger should be dropped instead. */
const MAX_PASTED_BYTES = 256 * 1024 * 1024
const byId = z.strictObject({ id: IdSchema })

/** A new attachment on a question; `frames` is the sample count for a video. */
export const OutgoingAttachmentSchema = z.strictObject({
  id: AttachmentIdSchema,
  frames: FrameCountSchema.nullable()
})

export const routes = {
  'conversation.list': { input: none },
  'conversation.search': { input: z.strictObject({ query: z.string().max(500) }) },
  'conversation.create': { input: z.strictObject({ title: z.string().max(200).optional() }) },
  'conversation.get': { input: byId },
  'conversation.rename': {
    input: z.strictObject({ id: IdSchema, title: z.string().min(1).max(200) })
  },
  'conversation.delete': { input: byId },
  'conversation.clearHistory': { input: byId },
  'conversation.updateSettings': {
    input: z.strictObject({ id: IdSchema, patch: ChatSettingsPatchSchema })
  },
  'conversation.resetSettings': { input: byId },
  'conversation.send': {
    input: z.strictObject({
      id: IdSchema,
      query: z.string().max(100_000),
      attachments: z.array(OutgoingAttachmentSchema).max(64)
    })
  },
  'conversation.stop': { input: byId },
  'conversation.regenerate': { input: byId },
  'conversation.selectAnswer': {
    input: z.strictObject({
      id: IdSchema,
      turnId: IdSchema,
      index: z.number().int().nonnegative().max(64)
    })
  },
  'conversation.setPinned': {
    input: z.strictObject({ id: IdSchema, pinned: z.boolean() })
  },
  'conversation.editAnswer': {
    input: z.strictObject({ id: IdSchema, turnId: IdSchema, response: z.string().max(200_000) })
  },
  'conversation.branch': {
    input: z.strictObject({ id: IdSchema, turnId: IdSchema, title: z.string().max(200).optional() })
  },
  'conversation.editAndResend': {
    input: z.strictObject({ id: IdSchema, turnId: IdSchema, query: z.string().max(100_000) })
  },
  'conversation.export': {
    input: z.strictObject({ id: IdSchema, format: z.enum(['markdown', 'instruction-json']) })
  },
  'conversation.revealExport': { input: z.strictObject({ name: ExportNameSchema }) },
  /** A Markdown export (its zip, folder or conversation.json) on this machine, as a new conversation. */
  'conversation.importPath': { input: z.strictObject({ path: z.string().min(1).max(4096) }) },
  'attachments.addPath': { input: z.strictObject({ path: z.string().min(1).max(4096) }) },
  /** A file with no path on disk (an image pasted from the clipboard in the desktop app). */
  'attachments.addBytes': {
    input: z.strictObject({
      name: z
        .string()
        .min(1)
        .max(255)
        .regex(/^[^/\\]+$/, 'a file name, not a path'),
      bytes: z
        .instanceof(Uint8Array)
        .refine((bytes) => bytes.byteLength <= MAX_PASTED_BYTES, 'the file is too large to paste')
    })
  },
  'attachments.get': { input: z.strictObject({ id: AttachmentIdSchema }) },
  'attachments.preview': { input: z.strictObject({ id: AttachmentIdSchema }) },
  'attachments.frameStrip': {
    input: z.strictObject({ id: AttachmentIdSchema, frames: FrameCountSchema })
  },
  'settings.get': { input: none },
  'settings.update': { input: AppSettingsSchema.partial() },
  'apiServer.status': { input: none },
  'apiServer.configure': {
    input: z.strictObject({
      enabled: z.boolean().optional(),
      port: z.number().int().min(1).max(65535).optional(),
      allowLoopbackWithoutKey: z.boolean().optional()
    })
  },
  /** Makes a new key; the old one stops working at once. */
  'apiServer.newKey': { input: none },
  /** Removes the key: only loopback callers (when allowed without a key) get in. */
  'apiServer.revokeKey': { input: none },
  'model.status': { input: none },
  'model.list': { input: none },
  'model.load': {
    input: z.strictObject({
      packagePath: z.string().min(1).max(4096),
      split: z.array(z.number().min(0)).max(16).optional()
    })
  },
  'model.loadDemo': { input: none },
  'model.restart': { input: none },
  'model.plan': {
    input: z.strictObject({
      packagePath: z.string().min(1).max(4096),
      split: z.array(z.number().min(0)).max(16).optional()
    })
  },
  'model.convert': {
    input: z.strictObject({
      vit: z.string().min(1).max(4096),
      blip2: z.string().min(1).max(4096),
      llm: z.string().min(1).max(4096),
      sft: z.string().min(1).max(4096),
      dtype: z.enum(['fp32', 'fp16', 'int4']),
      name: IdSchema
    })
  }
} as const

export interface RouteOutputs {
  'conversation.list': ConversationSummary[]
  'conversation.search': ConversationSummary[]
  'conversation.create': Conversation
  'conversation.get': Conversation
  'conversation.rename': Conversation
  'conversation.delete': null
  'conversation.clearHistory': Conversation
  'conversation.updateSettings': Conversation
  'conversation.resetSettings': Conversation
  'conversation.send': { turnId: string }
  'conversation.stop': null
  'conversation.regenerate': { turnId: string }
  'conversation.selectAnswer': Conversation
  'conversation.editAndResend': { turnId: string }
  'conversation.export': ExportResult
  'conversation.revealExport': null
  'conversation.importPath': Conversation
  'conversation.branch': Conversation
  'conversation.editAnswer': Conversation
  'conversation.setPinned': Conversation
  'attachments.addPath': AttachmentInfo
  'attachments.addBytes': AttachmentInfo
  'attachments.get': AttachmentInfo
  'attachments.preview': { dataUrl: string }
  'attachments.frameStrip': FrameStrip
  'settings.get': AppSettings
  'settings.update': AppSettings
  'apiServer.status': ApiServerStatus
  'apiServer.configure': ApiServerStatus
  'apiServer.newKey': ApiServerStatus
  'apiServer.revokeKey': ApiServerStatus
  'model.status': ModelStatus
  'model.list': ModelPackageEntry[]
  'model.load': ModelStatus
  'model.loadDemo': ModelStatus
  'model.restart': ModelStatus
  'model.plan': PlacementPreview
  'model.convert': ModelPackageEntry
}

export type RouteName = keyof typeof routes
export type RouteInput<R extends RouteName> = z.input<(typeof routes)[R]['input']>
export type RouteParsed<R extends RouteName> = z.output<(typeof routes)[R]['input']>
export type RouteOutput<R extends RouteName> = RouteOutputs[R]
