// The ranger page's outbox (lib/fieldQueue.js) on this device: one queue in
// IndexedDB shared by every page of the tab, its status as reactive state
// (待同步 N 条 / 已同步 / what failed), and the loop that sends it whenever
// the browser is online. Entries belong to the user who recorded them and
// are only sent with that user's session.
import { reactive } from 'vue'
import { http } from '../api/index.js'
import { createFieldQueue, createIdbStorage, createMemoryStorage, createSyncLoop } from '../lib/fieldQueue.js'

let shared = null

function isOnline() {
  return typeof navigator === 'undefined' || navigator.onLine !== false
}

function create() {
  // Without IndexedDB (very old or locked-down browsers) the queue still
  // works for this tab, but a reload loses what was not sent: say so.
  const persistent = typeof indexedDB !== 'undefined'
  const queue = createFieldQueue({ storage: persistent ? createIdbStorage() : createMemoryStorage(), send: http.send })
  const state = reactive({ online: isOnline(), persistent, pending: 0, failed: [], waitingRefs: new Set(), syncing: false, lastSyncAt: 0, lastError: '', authNeeded: false, ready: false })
  let owner = null

  async function refresh() {
    if (owner === null) return
    const s = await queue.status(owner)
    state.pending = s.pending
    state.failed = s.failed
    state.waitingRefs = s.waitingRefs
    state.ready = true
  }
  queue.subscribe(() => refresh().catch(() => {}))

  // Another tab of the same browser may run its own loop: the Web Locks API
  // (where there is one) lets only one of them send at a time.
  const guarded = {
    async sync(o) {
      state.syncing = true
      try {
        if (globalThis.navigator?.locks) return await navigator.locks.request('qingfeng-field-sync', () => queue.sync(o))
        return await queue.sync(o)
      } finally {
        state.syncing = false
      }
    },
  }
  const loop = createSyncLoop({
    queue: guarded,
    owner: () => owner,
    isOnline,
    onResult(r) {
      state.authNeeded = r.stopped === 'auth'
      state.lastError = r.stopped && r.stopped !== 'offline' ? r.error || '' : ''
      if (!r.stopped) state.lastSyncAt = Date.now()
      refresh().catch(() => {})
    },
  })

  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => {
      state.online = true
      loop.trigger()
    })
    window.addEventListener('offline', () => (state.online = false))
  }

  const kick = () => {
    loop.trigger().catch(() => {})
  }
  // Each action is stored first, then the loop is woken; the returned entry
  // names the local reference of what was queued.
  const queued = (fn) => async (...args) => {
    const entry = await fn(owner, ...args)
    kick()
    return entry
  }

  return {
    state,
    queue,
    // Starts syncing for this user (the page calls it once signed in).
    async start(userId) {
      if (owner !== userId) {
        owner = userId
        await refresh()
      }
      kick()
    },
    syncNow: () => loop.trigger(),
    startPatrol: queued(queue.startPatrol),
    addPhoto: queued(queue.addPhoto),
    addObservation: queued(queue.addObservation),
    putTrack: queued(queue.putTrack),
    updatePatrol: queued(queue.updatePatrol),
    async retry(seq) {
      await queue.retry(seq)
      kick()
    },
    discard: (seq) => queue.discard(seq),
    // Local state of the page (the patrol under way), kept with the queue.
    load: (key) => queue.meta(`${key}:${owner}`),
    save: (key, value) => queue.setMeta(`${key}:${owner}`, value === undefined ? null : JSON.parse(JSON.stringify(value))),
    serverId: (ref) => queue.serverId(ref),
  }
}

export function useFieldSync() {
  if (!shared) shared = create()
  return shared
}
