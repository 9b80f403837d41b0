import { describe, expect, it } from 'vitest'
import { createClient } from '../src/api/client.js'
import { backoffDelay, createFieldQueue, createMemoryStorage, createSyncLoop } from '../src/lib/fieldQueue.js'

// A fake API server with the patrol routes and the server's idempotency
// ledger: a repeated Idempotency-Key replays the first answer. `network`
// decides per request whether it gets through: 'up', 'down' (never reaches
// the server) or 'lost' (the server acts, the answer is lost).
function fakeServer() {
  const s = { patrols: [], observations: [], evidence: [], tracks: {}, requests: [], ledger: new Map(), network: () => 'up', fail: {}, refuse: () => 0 }
  const json = (status, body, headers = {}) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
  function handle(method, url, headers, body) {
    const path = url.pathname
    const refused = s.fail[`${method} ${path}`] || s.refuse(method, path, body)
    if (refused) return json(refused, { title: '提交的内容有误', detail: '测试拒绝' })
    let m
    if (method === 'POST' && path === '/api/v1/patrols') {
      const p = { id: s.patrols.length + 1, version: 1, ended_at: null, ...JSON.parse(body) }
      s.patrols.push(p)
      return json(201, p)
    }
    if (method === 'POST' && path === '/api/v1/evidence') {
      const e = { id: 100 + s.evidence.length, name: url.searchParams.get('name'), size: body.size }
      s.evidence.push(e)
      return json(201, e)
    }
    if ((m = /^\/api\/v1\/patrols\/(\d+)\/observations$/.exec(path)) && method === 'POST') {
      const o = { id: 500 + s.observations.length, patrol_id: Number(m[1]), ...JSON.parse(body) }
      s.observations.push(o)
      return json(201, o)
    }
    if ((m = /^\/api\/v1\/patrols\/(\d+)\/track$/.exec(path)) && method === 'PUT') {
      const p = s.patrols.find((x) => x.id === Number(m[1]))
      if (headers['Content-Type'] !== 'application/gpx+xml') return json(415, { title: '不支持的内容类型' })
      s.tracks[p.id] = body
      p.version++
      return json(200, p)
    }
    if ((m = /^\/api\/v1\/patrols\/(\d+)$/.exec(path))) {
      const p = s.patrols.find((x) => x.id === Number(m[1]))
      if (!p) return json(404, { title: '未找到该记录' })
      if (method === 'GET') return json(200, p)
      if (method === 'PATCH') {
        if (headers['If-Match'] !== `"v${p.version}"`) return json(412, { title: '记录已被修改' })
        Object.assign(p, JSON.parse(body))
        p.version++
        return json(200, p)
      }
    }
    return json(404, { title: '未找到该记录' })
  }
  s.fetch = async (href, { method, headers, body }) => {
    const url = new URL(href, 'http://test')
    s.requests.push({ method, path: url.pathname, key: headers['Idempotency-Key'] })
    const net = s.network({ method, path: url.pathname })
    if (net === 'down') throw new TypeError('Failed to fetch')
    const key = headers['Idempotency-Key']
    let res
    if (method === 'POST' && key && s.ledger.has(key)) {
      const seen = s.ledger.get(key)
      res = json(seen.status, seen.body, { 'Idempotent-Replayed': 'true' })
    } else {
      res = handle(method, url, headers, body)
      if (method === 'POST' && key && res.status < 500) s.ledger.set(key, { status: res.status, body: await res.clone().json() })
    }
    if (net === 'lost') throw new TypeError('Failed to fetch')
    return res
  }
  return s
}

function setup() {
  const server = fakeServer()
  const client = createClient({ fetchImpl: server.fetch, getToken: () => 'tok' })
  const storage = createMemoryStorage()
  const queue = createFieldQueue({ storage, send: client.send, now: () => 1700000000000 })
  return { server, queue, storage }
}

const GPX = '<gpx version="1.1"><trk><trkseg><trkpt lat="37.5" lon="105.1"></trkpt></trkseg></trk></gpx>'

async function recordPatrol(queue, owner = 7) {
  const patrol = await queue.startPatrol(owner, { team: '一队', transport: 'foot', started_at: 1700000000000 })
  const photo = await queue.addPhoto(owner, new Blob(['png-bytes'], { type: 'image/png' }), '猎套.png')
  await queue.addObservation(owner, patrol.ref, { kind: 'trap_removal', tool_kind: 'snare', count: 3, lon: 105.1, lat: 37.5, observed_at: 1700000100000, to_tip: true }, [photo.ref])
  await queue.putTrack(owner, patrol.ref, GPX)
  await queue.updatePatrol(owner, patrol.ref, { ended_at: 1700003600000 })
  return patrol
}

describe('field queue', () => {
  it('keeps everything while offline and sends it in order once online', async () => {
    const { server, queue } = setup()
    server.network = () => 'down'
    const patrol = await recordPatrol(queue)
    expect((await queue.status(7)).pending).toBe(5)
    const offline = await queue.sync(7)
    expect(offline).toMatchObject({ sent: 0, stopped: 'offline' })
    expect((await queue.status(7)).pending).toBe(5)

    server.network = () => 'up'
    expect(await queue.sync(7)).toMatchObject({ sent: 5, stopped: '' })
    expect((await queue.status(7)).pending).toBe(0)
    expect(server.patrols).toHaveLength(1)
    expect(server.patrols[0]).toMatchObject({ team: '一队', ended_at: 1700003600000 })
    expect(server.evidence).toHaveLength(1)
    // The observation names the server's patrol and evidence ids.
    expect(server.observations).toEqual([expect.objectContaining({ patrol_id: 1, evidence_ids: [100], to_tip: true, count: 3 })])
    expect(server.tracks[1]).toBe(GPX)
    expect(await queue.serverId(patrol.ref)).toBe(1)
    const order = server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)
    expect(order.slice(-5)).toEqual(['POST /api/v1/patrols', 'POST /api/v1/evidence', 'POST /api/v1/patrols/1/observations', 'PUT /api/v1/patrols/1/track', 'PATCH /api/v1/patrols/1'])
  })

  it('creates nothing twice when answers are lost: every resend carries its key', async () => {
    const { server, queue } = setup()
    await recordPatrol(queue)
    // Each POST reaches the server the first time, but its answer is lost.
    const lostOnce = new Set()
    server.network = ({ method, path }) => {
      if (method !== 'POST' || lostOnce.has(path)) return 'up'
      lostOnce.add(path)
      return 'lost'
    }
    let runs = 0
    while ((await queue.status(7)).pending && runs < 10) {
      await queue.sync(7)
      runs++
    }
    expect((await queue.status(7)).pending).toBe(0)
    expect(server.patrols).toHaveLength(1)
    expect(server.evidence).toHaveLength(1)
    expect(server.observations).toHaveLength(1)
    // Every POST was sent with a key, and a resend used the same one.
    const posts = server.requests.filter((r) => r.method === 'POST')
    expect(posts.every((r) => r.key)).toBe(true)
    for (const path of new Set(posts.map((r) => r.path))) expect(new Set(posts.filter((r) => r.path === path).map((r) => r.key)).size).toBe(1)
    expect(posts).toHaveLength(6)
  })

  it('applies the end time to the newest version after a lost PATCH answer (412)', async () => {
    const { server, queue } = setup()
    await recordPatrol(queue)
    let lost = false
    server.network = ({ method }) => (method === 'PATCH' && !lost ? ((lost = true), 'lost') : 'up')
    await queue.sync(7)
    expect((await queue.status(7)).pending).toBe(1)
    expect(await queue.sync(7)).toMatchObject({ sent: 1, stopped: '' })
    expect(server.patrols[0].ended_at).toBe(1700003600000)
  })

  it('sets aside a refused record, goes on, and fails its dependents', async () => {
    const { server, queue } = setup()
    server.refuse = (method, path, body) => (method === 'POST' && path === '/api/v1/patrols' && body.includes('一队') ? 422 : 0)
    await recordPatrol(queue)
    const other = await queue.startPatrol(7, { team: '二队', transport: 'boat', started_at: 1 })
    expect(await queue.sync(7)).toMatchObject({ stopped: '' })
    const st = await queue.status(7)
    expect(st.pending).toBe(0)
    // The photo went through; the patrol and what hangs on it did not.
    expect(st.failed.map((e) => e.op)).toEqual(['create_patrol', 'add_observation', 'put_track', 'update_patrol'])
    expect(st.failed[0].error).toContain('提交的内容有误')
    expect(st.failed[1].error).toBe('所属巡护记录未能上传')
    expect(await queue.serverId(other.ref)).toBe(1)

    // Fixed on the server side: a retry puts the chain back in line.
    server.refuse = () => 0
    await queue.retry(st.failed[0].seq)
    expect((await queue.status(7)).pending).toBe(4)
    await queue.sync(7)
    expect((await queue.status(7)).failed).toEqual([])
    expect(server.observations[0]).toMatchObject({ patrol_id: 2, evidence_ids: [100] })
  })

  it('sends an observation without a photo the server refused', async () => {
    const { server, queue } = setup()
    server.fail['POST /api/v1/evidence'] = 415
    await recordPatrol(queue)
    await queue.sync(7)
    expect(server.observations).toHaveLength(1)
    expect(server.observations[0].evidence_ids).toBeUndefined()
    expect((await queue.status(7)).failed.map((e) => e.op)).toEqual(['upload_photo'])
  })

  it('stops on 5xx and 401 without setting entries aside', async () => {
    const { server, queue } = setup()
    await recordPatrol(queue)
    server.fail['POST /api/v1/patrols'] = 503
    expect(await queue.sync(7)).toMatchObject({ sent: 0, stopped: 'server' })
    server.fail['POST /api/v1/patrols'] = 401
    expect(await queue.sync(7)).toMatchObject({ sent: 0, stopped: 'auth' })
    expect((await queue.status(7)).failed).toEqual([])
    expect((await queue.status(7)).pending).toBe(5)
  })

  it('keeps one waiting track per patrol and only sends the owner’s entries', async () => {
    const { server, queue } = setup()
    server.network = () => 'down'
    const p = await queue.startPatrol(7, { team: '一队', transport: 'foot', started_at: 1 })
    await queue.putTrack(7, p.ref, '<gpx>1</gpx>')
    await queue.putTrack(7, p.ref, '<gpx>2</gpx>')
    await queue.startPatrol(8, { team: '别人', transport: 'foot', started_at: 1 })
    expect((await queue.status(7)).pending).toBe(2)
    expect((await queue.status()).pending).toBe(3)
    server.network = () => 'up'
    await queue.sync(7)
    expect(server.tracks[1]).toBe('<gpx>2</gpx>')
    expect(server.patrols).toHaveLength(1)
    expect((await queue.status(8)).pending).toBe(1)
  })

  it('runs one sync at a time', async () => {
    const { server, queue } = setup()
    await recordPatrol(queue)
    const [a, b] = await Promise.all([queue.sync(7), queue.sync(7)])
    expect(a).toBe(b)
    expect(server.patrols).toHaveLength(1)
  })

  it('tells listeners when the queue changes', async () => {
    const { queue } = setup()
    let calls = 0
    const off = queue.subscribe(() => calls++)
    await queue.startPatrol(7, { team: '一队', transport: 'foot', started_at: 1 })
    expect(calls).toBe(1)
    off()
    await queue.startPatrol(7, { team: '一队', transport: 'foot', started_at: 1 })
    expect(calls).toBe(1)
  })
})

describe('sync loop', () => {
  it('backs off after failures, resets on a trigger and waits while offline', async () => {
    expect([1, 2, 3, 6, 10].map(backoffDelay)).toEqual([2000, 4000, 8000, 60000, 60000])
    const { server, queue } = setup()
    await recordPatrol(queue)
    const timers = []
    let online = true
    const results = []
    const loop = createSyncLoop({
      queue,
      owner: () => 7,
      isOnline: () => online,
      schedule: (fn, ms) => timers.push({ fn, ms }) && timers.length,
      cancel: () => {},
      onResult: (r) => results.push(r),
    })
    server.network = () => 'down'
    await loop.trigger()
    expect(timers.at(-1).ms).toBe(2000)
    await timers.at(-1).fn()
    expect(timers.at(-1).ms).toBe(4000)
    online = false
    expect(await timers.at(-1).fn()).toEqual({ sent: 0, stopped: 'offline' })
    expect(timers.at(-1).ms).toBe(15000)
    // The `online` event.
    online = true
    server.network = () => 'up'
    expect(await loop.trigger()).toMatchObject({ sent: 5, stopped: '' })
    expect(loop.failures).toBe(0)
    expect(results.at(-1).sent).toBe(5)
    loop.stop()
    expect(await loop.trigger()).toBeUndefined()
  })
})
