import { describe, expect, it, vi } from 'vitest'
import { buildQuery, createClient } from '../src/api/client.js'
import { ApiError, errorMessage } from '../src/api/problem.js'

function response(status, body, headers = {}) {
  const h = new Headers(headers)
  if (body !== undefined && !h.has('Content-Type')) h.set('Content-Type', status >= 400 ? 'application/problem+json' : 'application/json')
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: h })
}

describe('api client', () => {
  it('sends the session token as Bearer and JSON bodies', async () => {
    const fetchImpl = vi.fn(async () => response(200, { ok: 1 }))
    const api = createClient({ fetchImpl, getToken: () => 'qfs_abc' })
    await api.post('/api/v1/x', { a: 1 })
    const [url, init] = fetchImpl.mock.calls[0]
    expect(url).toBe('/api/v1/x')
    expect(init.headers.Authorization).toBe('Bearer qfs_abc')
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(init.body).toBe('{"a":1}')
  })

  it('omits Authorization for anonymous calls and when signed out', async () => {
    const fetchImpl = vi.fn(async () => response(201, { receipt_code: 'ABCDEFGHJK' }))
    const api = createClient({ fetchImpl, getToken: () => 'qfs_abc' })
    await api.send('POST', '/api/v1/public/tips', { json: { content: 'x' }, anonymous: true })
    expect(fetchImpl.mock.calls[0][1].headers.Authorization).toBeUndefined()
  })

  it('puts If-Match on updates and returns the new ETag', async () => {
    const fetchImpl = vi.fn(async () => response(200, { id: 1, version: 4 }, { ETag: '"v4"' }))
    const api = createClient({ fetchImpl })
    const res = await api.patch('/api/v1/tips/1', { content: 'y' }, '"v3"')
    expect(fetchImpl.mock.calls[0][1].headers['If-Match']).toBe('"v3"')
    expect(res.etag).toBe('"v4"')
    expect(res.data.version).toBe(4)
  })

  it('sends an Idempotency-Key on creates, the same one when given', async () => {
    const fetchImpl = vi.fn(async () => response(201, { id: 9 }))
    const api = createClient({ fetchImpl })
    await api.create('/api/v1/tips', { content: 'a' })
    await api.create('/api/v1/tips', { content: 'a' }, 'key-1')
    const k1 = fetchImpl.mock.calls[0][1].headers['Idempotency-Key']
    expect(k1).toMatch(/^[\x21-\x7e]{1,200}$/)
    expect(fetchImpl.mock.calls[1][1].headers['Idempotency-Key']).toBe('key-1')
  })

  it('turns problem+json into an ApiError with title, detail and field errors', async () => {
    const problem = {
      type: 'https://qingfeng.invalid/problems/invalid-input',
      title: '提交的内容有误',
      status: 422,
      errors: [{ field: 'content', message: '不能为空' }],
    }
    const api = createClient({ fetchImpl: async () => response(422, problem, { 'X-Request-Id': 'r1' }) })
    const err = await api.get('/api/v1/tips').catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(422)
    expect(err.requestId).toBe('r1')
    expect(err.fieldErrors()).toEqual({ content: '不能为空' })
    expect(errorMessage(err)).toBe('提交的内容有误：content：不能为空')
  })

  it('calls onUnauthorized on 401 only when a token was sent', async () => {
    const onUnauthorized = vi.fn()
    const fetchImpl = async () => response(401, { title: '未登录或登录已失效', status: 401, detail: '登录已失效，请重新登录' })
    const signedIn = createClient({ fetchImpl, getToken: () => 'qfs_x', onUnauthorized })
    await signedIn.get('/api/v1/me').catch(() => {})
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    const anon = createClient({ fetchImpl, getToken: () => '', onUnauthorized })
    const err = await anon.send('POST', '/api/v1/auth/login', { json: {} }).catch((e) => e)
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    expect(errorMessage(err)).toBe('未登录或登录已失效：登录已失效，请重新登录')
  })

  it('reports a network failure as status 0 in Chinese', async () => {
    const api = createClient({ fetchImpl: async () => { throw new TypeError('Failed to fetch') } })
    const err = await api.get('/api/v1/me').catch((e) => e)
    expect(err.status).toBe(0)
    expect(errorMessage(err)).toBe('无法连接服务器，请检查网络后重试')
  })

  it('builds queries without empty values', () => {
    expect(buildQuery({ a: '', b: null, c: undefined, d: 0, e: 'x y', f: [1, 2] })).toBe('?d=0&e=x+y&f=1&f=2')
    expect(buildQuery({})).toBe('')
  })
})

describe('error messages', () => {
  it('explains a stale version (412) and a missing one (428)', () => {
    expect(errorMessage(new ApiError({ status: 412, title: '记录已被修改' }))).toContain('已被他人修改')
    expect(errorMessage(new ApiError({ status: 428, title: '缺少 If-Match' }))).toContain('刷新页面')
  })

  it('shows the lockout detail, or the Retry-After time without one', () => {
    const withDetail = new ApiError({ status: 429, title: '已暂时锁定', detail: '账户因多次登录失败已锁定，请于 15 分钟后重试', retryAfter: 900 })
    expect(errorMessage(withDetail)).toBe('已暂时锁定：账户因多次登录失败已锁定，请于 15 分钟后重试')
    const bare = new ApiError({ status: 429, title: '操作过于频繁', retryAfter: 90 })
    expect(errorMessage(bare)).toBe('操作过于频繁，请 2 分钟后再试')
  })

  it('uses a Chinese fallback title when the body is not problem+json', async () => {
    const api = createClient({ fetchImpl: async () => new Response('<html>bad gateway</html>', { status: 503, headers: { 'Content-Type': 'text/html' } }) })
    const err = await api.get('/api/v1/me').catch((e) => e)
    expect(errorMessage(err)).toBe('服务暂不可用')
  })

  it('lists field errors after a detail that only repeats the title', () => {
    const err = new ApiError({ status: 422, title: '输入数据有误', detail: '输入数据有误', errors: [{ field: 'species', message: '物种名录中没有「穿山甲鳞片」' }] })
    expect(errorMessage(err)).toBe('输入数据有误：species：物种名录中没有「穿山甲鳞片」')
  })

  it('passes plain errors through', () => {
    expect(errorMessage(new Error('坏了'))).toBe('坏了')
    expect(errorMessage(null)).toBe('操作失败')
  })
})
