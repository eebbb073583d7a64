// The model: status (from main's events), load progress, converted packages, placement preview,
// and the load / demo / restart / convert actions.
import { guard } from './guard'
import type { GetState, ModelSlice, SliceDeps, SliceSet } from './types'

export function createModelSlice(
  set: SliceSet<ModelSlice>,
  get: GetState,
  { client, t }: SliceDeps
): ModelSlice {
  return {
    model: {
      state: 'none',
      packagePath: null,
      demo: false,
      demoNotice: null,
      error: null,
      loadMs: null
    },
    progress: null,
    packages: [],
    plan: null,
    receiveModelStatus: (model) =>
      set((state) => ({ model, progress: model.state === 'loading' ? state.progress : null })),
    receiveProgress: (progress) => set({ progress }),
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
        set({ progress: null })
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
    convertModel: (input) =>
      guard(get, async () => {
        set({ progress: null })
        const entry = await client.request('model.convert', input)
        get().notify('info', t('model.converted', { name: entry.name }))
        await get().refreshModels()
      })
  }
}
