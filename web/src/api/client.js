// The one HTTP client of the UI. It sends the session token as
// `Authorization: Bearer` (the API has no cookies), JSON in and out, the
// record version as If-Match on updates and an Idempotency-Key on creates,
// and turns every failure into an ApiError carrying the problem+json title
// and detail (see problem.js).
import { ApiError, errorFromResponse } from './problem.js'

export function newIdempotencyKey() {
  if (globalThis.crypto?.randomUUID) return globalThis.crypto.randomUUID()
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

// Query objects drop undefined, null and '' values; arrays repeat the key.
export function buildQuery(query) {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query || {})) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) v.forEach((x) => params.append(k, String(x)))
    else params.append(k, String(v))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

export function createClient({ fetchImpl = (...a) => globalThis.fetch(...a), getToken = () => '', onUnauthorized = () => {} } = {}) {
  // Returns { data, etag, headers, status } or throws ApiError.
  async function send(method, path, opts = {}) {
    const { query, json, body, contentType, ifMatch, idempotencyKey, blob = false, anonymous = false } = opts
    const headers = { Accept: 'application/json, application/problem+json' }
    const token = anonymous ? '' : getToken()
    if (token) headers.Authorization = `Bearer ${token}`
    let payload
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json'
      payload = JSON.stringify(json)
    } else if (body !== undefined) {
      headers['Content-Type'] = contentType || 'application/octet-stream'
      payload = body
    }
    if (ifMatch) headers['If-Match'] = ifMatch
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey
    let res
    try {
      res = await fetchImpl(path + buildQuery(query), { method, headers, body: payload })
    } catch {
      throw new ApiError({ status: 0, title: '网络错误' })
    }
    if (!res.ok) {
      const err = await errorFromResponse(res)
      if (res.status === 401 && token) onUnauthorized(err)
      throw err
    }
    let data = null
    if (blob) data = await res.blob()
    else if (res.status !== 204 && (res.headers.get('Content-Type') || '').includes('json')) data = await res.json()
    return { data, etag: res.headers.get('ETag') || '', headers: res.headers, status: res.status }
  }

  return {
    send,
    get: async (path, query) => (await send('GET', path, { query })).data,
    // Creates: always with an Idempotency-Key so a resent form is not a second record.
    create: async (path, json, key = newIdempotencyKey()) => (await send('POST', path, { json, idempotencyKey: key })).data,
    post: async (path, json, opts = {}) => (await send('POST', path, { json, ...opts })).data,
    patch: async (path, json, etag) => send('PATCH', path, { json, ifMatch: etag }),
    del: async (path) => (await send('DELETE', path)).data,
  }
}
