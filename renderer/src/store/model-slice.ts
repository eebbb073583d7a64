// The model: status (from main's events), load progress, converted packages, placement preview,
// and the load / demo / restart / convert (then load) / cancel actions.
import { secondsLeft } from './eta'
import { guard } from './guard'
import type { GetState, ModelSlice, SliceDeps, SliceSet } from './types'
import { catalogueText } from '../lib/notice-text'

export function createModelSlice(
  set: SliceSet<ModelSlice>,
  get: GetState,
  { client }: SliceDeps
): ModelSlice {
  let cancelling = false
  return {
    model: {
      state: 'none',
      packagePath: null,
      demo: false,
      demoNotice: null,
      error: null,
      loadMs: null,
      placement: null
    },
    progress: null,
    progressStart: null,
    etaSeconds: null,
    packages: [],
    plan: null,
    pathsAllowed: null,
    canPickPaths: client.pickPath !== null,
    checkPathsAllowed: async () => {
      const allowed = await client.pathsAllowed().catch(() => false)
      set({ pathsAllowed: allowed })
    },
    pickPath: async (kind) => {
      if (!client.pickPath) return null
      try {
        return await client.pickPath(kind)
      } catch (error) {
        get().notifyError(error)
        return null
      }
    },
    receiveModelStatus: (model) =>
      set(() =>
        model.state === 'loading'
          ? { model }
          : { model, progress: null, progressStart: null, etaSeconds: null }
      ),
    receiveProgress: (progress) =>
      set((state) => {
        if (!progress) return { progress, progressStart: null, etaSeconds: null }
        const now = Date.now()
        const start = state.progressStart ?? { at: now, done: progress.done }
        const etaSeconds = secondsLeft(start, now, progress.done, progress.total)
        return { progress, progressStart: start, etaSeconds }
      }),
    refreshModels: () =>
      guard(get, async () => {
        const [model, packages] = await Promise.all([
          client.request('model.status', {}),
          client.request('model.list', {})
        ])
        set({ model, packages })
      }),
    loadModel: (packagePath, split) =>
      guard(get, async () => {
        set({ progress: null, progressStart: null, etaSeconds: null })
        set({ model: await client.request('model.load', { packagePath, split }) })
      }),
    loadDemo: () =>
      guard(get, async () => {
        set({ model: await client.request('model.loadDemo', {}) })
      }),
    restartModel: () =>
      guard(get, async () => {
        set({ model: await client.request('model.restart', {}) })
      }),
    previewPlacement: (packagePath, split) =>
      guard(get, async () => {
        set({ plan: await client.request('model.plan', { packagePath, split }) })
      }),
    convertModel: async (input) => {
      cancelling = false
      set({ progress: null, progressStart: null, etaSeconds: null })
      try {
        const entry = await client.request('model.convert', input)
        get().notify('info', catalogueText('model.converted', { name: entry.name }))
        await get().refreshModels()
        await get().loadModel(entry.path)
      } catch (error) {
        // A cancelled conversion is what the user asked for, not a failure.
        if (cancelling) get().notify('info', catalogueText('model.convertCancelled'))
        else get().notifyError(error)
      } finally {
        cancelling = false
        set({ progress: null, progressStart: null, etaSeconds: null })
      }
    },
    cancelConvert: () =>
      guard(get, async () => {
        cancelling = true
        await client.request('model.cancelConvert', {})
      })
  }
}
