// The ranger page's outbox. Every field action — start a patrol, upload a
// photo, record an observation, send the track, end the patrol — is first
// written to local storage (IndexedDB on the phone) and then sent, in
// order, whenever the network is there. Out in a reserve the phone is
// offline for hours; nothing recorded may be lost and nothing may arrive
// twice.
//
// How duplicates are avoided: each entry gets its Idempotency-Key when it is
// queued, and every resend of that entry carries the same key, so when an
// answer is lost on the way back the server replays the first response
// instead of creating a second record. PUT …/track replaces the whole track
// and PATCH sets fields to fixed values, so resending those is harmless.
//
// Records refer to each other before they exist on the server: an
// observation names its patrol and photos by local references
// ("patrol:…", "photo:…"); the server ids learned from the answers are kept
// in the storage's meta map and substituted when a dependent is sent.
//
// Failures: no network, 5xx, 408 and 429 stop the run and leave the entry
// at the head of the queue (the loop retries with backoff); 401 stops until
// the user signs in again; any other 4xx is the record's own fault, so the
// entry is set aside as failed (shown to the user, who may retry or discard
// it) and the queue goes on.
import { newIdempotencyKey } from '../api/client.js'
import { errorMessage } from '../api/problem.js'

const V1 = '/api/v1'

// ---- storage -------------------------------------------------------------
// { all() → entries by seq, add(entry) → seq, put(entry), remove(seq),
//   getMeta(key), setMeta(key, value) }

export function createMemoryStorage() {
  let seq = 0
  const entries = new Map()
  const meta = new Map()
  return {
    async all() {
      return [...entries.values()].sort((a, b) => a.seq - b.seq).map((e) => ({ ...e }))
    },
    async add(entry) {
      const e = { ...entry, seq: ++seq }
      entries.set(e.seq, e)
      return e.seq
    },
    async put(entry) {
      entries.set(entry.seq, { ...entry })
    },
    async remove(s) {
      entries.delete(s)
    },
    async getMeta(key) {
      return meta.get(key)
    },
    async setMeta(key, value) {
      meta.set(key, value)
    },
  }
}

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

// IndexedDB: a "queue" store (auto-increment seq, entries may hold Blobs)
// and a "meta" key-value store.
export function createIdbStorage(name = 'qingfeng-field', idb = globalThis.indexedDB) {
  let opened
  function db() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const req = idb.open(name, 1)
        req.onupgradeneeded = () => {
          req.result.createObjectStore('queue', { keyPath: 'seq', autoIncrement: true })
          req.result.createObjectStore('meta')
        }
        req.onsuccess = () => resolve(req.result)
        req.onerror = () => reject(req.error)
      })
    }
    return opened
  }
  async function tx(store, mode, fn) {
    const d = await db()
    const t = d.transaction(store, mode)
    const out = await promised(fn(t.objectStore(store)))
    await new Promise((resolve, reject) => {
      t.oncomplete = resolve
      t.onerror = () => reject(t.error)
      t.onabort = () => reject(t.error)
    })
    return out
  }
  return {
    all: () => tx('queue', 'readonly', (s) => s.getAll()),
    add: (entry) => {
      const { seq, ...rest } = entry
      return tx('queue', 'readwrite', (s) => s.add(rest))
    },
    put: (entry) => tx('queue', 'readwrite', (s) => s.put(entry)),
    remove: (s) => tx('queue', 'readwrite', (st) => st.delete(s)),
    getMeta: (key) => tx('meta', 'readonly', (s) => s.get(key)),
    setMeta: (key, value) => tx('meta', 'readwrite', (s) => s.put(value, key)),
  }
}

// ---- queue ---------------------------------------------------------------

export const OP_LABELS = {
  create_patrol: '开始巡护',
  upload_photo: '上传照片',
  add_observation: '巡护发现',
  put_track: '巡护轨迹',
  update_patrol: '结束巡护',
}

const localRef = (kind) => `${kind}:${newIdempotencyKey()}`
const transient = (e) => !e?.status || e.status >= 500 || e.status === 408 || e.status === 429

// Delay before the n-th retry (n ≥ 1): 2 s doubling to one minute.
export function backoffDelay(n) {
  return Math.min(60000, 2000 * 2 ** Math.max(0, n - 1))
}

// send(method, path, opts) is the API client's send (api/client.js):
// it resolves { data, etag } or throws an ApiError (status 0 = no network).
export function createFieldQueue({ storage, send, now = () => Date.now() }) {
  const listeners = new Set()
  let running = null

  // Listeners re-read status(owner) themselves: each knows its owner.
  async function notify() {
    for (const l of listeners) l()
  }

  async function enqueue(entry) {
    const e = { key: newIdempotencyKey(), attempts: 0, failed: false, error: '', queued_at: now(), ...entry }
    e.seq = await storage.add(e)
    await notify()
    return e
  }

  // Queue status for an owner (the signed-in user's id): what waits, what failed.
  async function status(owner) {
    const all = await storage.all()
    const mine = owner === undefined ? all : all.filter((e) => e.owner === owner)
    return {
      pending: mine.filter((e) => !e.failed).length,
      failed: mine.filter((e) => e.failed).map(({ blob, ...e }) => e),
      waitingRefs: new Set(mine.filter((e) => !e.failed).map((e) => e.ref)),
    }
  }

  const api = {
    subscribe(fn) {
      listeners.add(fn)
      return () => listeners.delete(fn)
    },
    status,
    serverId: (ref) => storage.getMeta(`id:${ref}`),
    meta: (key) => storage.getMeta(key),
    setMeta: async (key, value) => {
      await storage.setMeta(key, value)
    },

    // POST /patrols. body: { zone_id?, team, members?, transport, started_at, note? }.
    startPatrol: (owner, body) => enqueue({ owner, op: 'create_patrol', ref: localRef('patrol'), body }),
    // POST /evidence with the photo's bytes.
    addPhoto: (owner, blob, name) => enqueue({ owner, op: 'upload_photo', ref: localRef('photo'), blob, name, type: blob.type || 'application/octet-stream' }),
    // POST /patrols/{id}/observations; photos are refs of queued photos.
    addObservation: (owner, patrol, body, photos = []) => enqueue({ owner, op: 'add_observation', ref: localRef('obs'), patrol, body, photos }),
    // PUT /patrols/{id}/track. A newer track replaces one still waiting.
    async putTrack(owner, patrol, gpx) {
      const waiting = (await storage.all()).find((e) => e.op === 'put_track' && e.patrol === patrol && !e.failed)
      if (waiting) {
        await storage.put({ ...waiting, gpx, queued_at: now() })
        await notify()
        return waiting
      }
      return enqueue({ owner, op: 'put_track', ref: localRef('track'), patrol, gpx })
    },
    // PATCH /patrols/{id} (ended_at, note …).
    updatePatrol: (owner, patrol, body) => enqueue({ owner, op: 'update_patrol', ref: localRef('update'), patrol, body }),

    // Puts a failed entry (and what failed because of it) back in line. A
    // refused request created nothing, and the server remembers the refusal
    // under its key, so the retry gets a new key.
    async retry(seq) {
      const all = await storage.all()
      const e = all.find((x) => x.seq === seq)
      if (!e) return
      const refs = new Set([e.ref])
      for (const x of all) {
        if (x.seq === seq || (x.failed && (refs.has(x.patrol) || (x.photos || []).some((p) => refs.has(p))) && x.seq > seq)) {
          await storage.put({ ...x, failed: false, error: '', attempts: 0, key: newIdempotencyKey() })
          refs.add(x.ref)
        }
      }
      await notify()
    },
    async discard(seq) {
      await storage.remove(seq)
      await notify()
    },

    // Sends what waits for this owner, in order, until the queue is empty or
    // a transient failure stops the run. One run at a time.
    sync(owner) {
      if (!running) running = run(owner).finally(() => (running = null))
      return running
    },
  }

  async function idOf(ref) {
    return ref ? storage.getMeta(`id:${ref}`) : undefined
  }

  // A dependency that never made it to the server (its entry failed).
  class Unresolved extends Error {}

  async function patrolId(e) {
    const id = await idOf(e.patrol)
    if (id === undefined) throw new Unresolved('所属巡护记录未能上传')
    return id
  }

  async function remember(ref, record) {
    if (record?.id !== undefined) await storage.setMeta(`id:${ref}`, record.id)
    if (record?.version !== undefined) await storage.setMeta(`version:${ref}`, record.version)
  }

  async function sendPatch(e, id, retried = false) {
    let version = await storage.getMeta(`version:${e.patrol}`)
    if (version === undefined || retried) {
      const current = await send('GET', `${V1}/patrols/${id}`)
      version = current.data?.version
      await storage.setMeta(`version:${e.patrol}`, version)
    }
    try {
      return await send('PATCH', `${V1}/patrols/${id}`, { json: e.body, ifMatch: `"v${version}"` })
    } catch (err) {
      // Someone (or our own lost answer) changed it meanwhile: the values we
      // set are absolute, so apply them to the newest version once.
      if (err?.status === 412 && !retried) return sendPatch(e, id, true)
      throw err
    }
  }

  async function deliver(e) {
    switch (e.op) {
      case 'create_patrol': {
        const r = await send('POST', `${V1}/patrols`, { json: e.body, idempotencyKey: e.key })
        await remember(e.ref, r.data)
        return
      }
      case 'upload_photo': {
        const r = await send('POST', `${V1}/evidence`, { query: { name: e.name }, body: e.blob, contentType: e.type, idempotencyKey: e.key })
        await remember(e.ref, r.data)
        return
      }
      case 'add_observation': {
        const id = await patrolId(e)
        const evidence = []
        // A photo whose upload was refused is left out rather than holding
        // back the observation (the failed upload is listed for the user).
        for (const p of e.photos || []) {
          const ev = await idOf(p)
          if (ev !== undefined) evidence.push(ev)
        }
        const body = evidence.length ? { ...e.body, evidence_ids: evidence } : e.body
        const r = await send('POST', `${V1}/patrols/${id}/observations`, { json: body, idempotencyKey: e.key })
        await remember(e.ref, r.data)
        return
      }
      case 'put_track': {
        const id = await patrolId(e)
        const r = await send('PUT', `${V1}/patrols/${id}/track`, { body: e.gpx, contentType: 'application/gpx+xml' })
        if (r.data?.version !== undefined) await storage.setMeta(`version:${e.patrol}`, r.data.version)
        return
      }
      case 'update_patrol': {
        const id = await patrolId(e)
        const r = await sendPatch(e, id)
        if (r.data?.version !== undefined) await storage.setMeta(`version:${e.patrol}`, r.data.version)
        return
      }
      default:
        throw new Unresolved(`未知操作 ${e.op}`)
    }
  }

  async function run(owner) {
    let sent = 0
    for (;;) {
      const next = (await storage.all()).find((e) => !e.failed && (owner === undefined || e.owner === owner))
      if (!next) return { sent, stopped: '' }
      try {
        await deliver(next)
        await storage.remove(next.seq)
        sent++
      } catch (err) {
        if (!(err instanceof Unresolved) && (transient(err) || err.status === 401)) {
          await storage.put({ ...next, attempts: next.attempts + 1, error: errorMessage(err) })
          await notify()
          return { sent, stopped: err.status === 401 ? 'auth' : err.status ? 'server' : 'offline', error: errorMessage(err) }
        }
        await storage.put({ ...next, failed: true, attempts: next.attempts + 1, error: err instanceof Unresolved ? err.message : errorMessage(err) })
      }
      await notify()
    }
  }

  return api
}

// Runs the queue when it may get through: on trigger() (the page opened, an
// entry was queued, the `online` event, the user's 立即同步), then again
// with backoff after a transient failure. While the browser says it is
// offline it only looks again every 15 s, without sending anything.
export function createSyncLoop({ queue, owner, isOnline = () => true, schedule = (fn, ms) => setTimeout(fn, ms), cancel = (t) => clearTimeout(t), onResult = () => {} }) {
  let failures = 0
  let timer = null
  let stopped = false

  function later(ms) {
    if (timer) cancel(timer)
    timer = schedule(tick, ms)
  }

  async function tick() {
    timer = null
    if (stopped) return undefined
    if (!isOnline()) {
      later(15000)
      return { sent: 0, stopped: 'offline' }
    }
    const result = await queue.sync(owner())
    if (stopped) return result
    if (result.stopped === 'offline' || result.stopped === 'server') later(backoffDelay(++failures))
    else failures = 0
    onResult(result)
    return result
  }

  return {
    trigger() {
      if (stopped) return Promise.resolve(undefined)
      if (timer) cancel(timer)
      timer = null
      failures = 0
      return tick()
    },
    stop() {
      stopped = true
      if (timer) cancel(timer)
      timer = null
    },
    get failures() {
      return failures
    },
  }
}
