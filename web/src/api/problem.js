// Turns an HTTP failure into one Chinese sentence for the user. The API
// answers errors as RFC 9457 problem+json with a stable Chinese `title`, a
// `detail` for this occurrence and, for 422, per-field `errors`; a few
// statuses get a message that also says what to do next.

export class ApiError extends Error {
  constructor({ status = 0, type = '', title = '', detail = '', errors = [], rowErrors = [], retryAfter = null, requestId = '', body = null }) {
    super(title || '请求失败')
    this.name = 'ApiError'
    this.status = status
    this.type = type
    this.title = title
    this.detail = detail
    this.errors = errors
    // CSV imports answer 422 with row_errors: [{ row, column, message }].
    this.rowErrors = rowErrors
    this.retryAfter = retryAfter
    this.requestId = requestId
    // The whole problem document, for the fields a route adds (rows, dry_run…).
    this.body = body
  }

  // The field errors keyed by field name (422 invalid-input), for inline form messages.
  fieldErrors() {
    const out = {}
    for (const e of this.errors || []) if (e && e.field) out[e.field] = e.message
    return out
  }
}

const FALLBACK_TITLES = {
  400: '请求格式错误',
  401: '未登录或登录已失效',
  403: '无权执行此操作',
  404: '未找到该记录',
  409: '操作与当前状态冲突',
  412: '记录已被修改',
  413: '内容过大',
  415: '不支持的内容类型',
  422: '提交的内容有误',
  428: '缺少版本信息',
  429: '操作过于频繁',
  500: '服务器内部错误',
  503: '服务暂不可用',
}

function minutesText(seconds) {
  if (seconds < 60) return `${seconds} 秒`
  return `${Math.ceil(seconds / 60)} 分钟`
}

// The message shown to the user for an ApiError (or any other error).
export function errorMessage(err) {
  if (!(err instanceof ApiError)) return err && err.message ? err.message : '操作失败'
  if (err.status === 0) return '无法连接服务器，请检查网络后重试'
  const title = err.title || FALLBACK_TITLES[err.status] || `请求失败（${err.status}）`
  switch (err.status) {
    case 412:
      return '该记录已被他人修改，请刷新页面查看最新内容后再操作'
    case 428:
      return '缺少记录版本（If-Match），请刷新页面后再操作'
    case 429:
      // The server's detail already says how long the lock lasts.
      if (err.detail) return `${title}：${err.detail}`
      return err.retryAfter ? `${title}，请 ${minutesText(err.retryAfter)}后再试` : title
    default:
      break
  }
  const fields = (err.errors || []).map((e) => (e.field ? `${e.field}：${e.message}` : e.message)).filter(Boolean)
  const parts = [title]
  if (err.detail && err.detail !== title) parts.push(err.detail)
  if (fields.length) parts.push(fields.join('；'))
  return parts.join('：')
}

// Builds an ApiError from a fetch Response whose status is not 2xx.
export async function errorFromResponse(res) {
  let body = null
  const type = res.headers.get('Content-Type') || ''
  if (type.includes('json')) {
    try {
      body = await res.json()
    } catch {
      body = null
    }
  }
  const retry = Number.parseInt(res.headers.get('Retry-After') || '', 10)
  return new ApiError({
    status: res.status,
    type: body?.type || '',
    title: body?.title || FALLBACK_TITLES[res.status] || '',
    detail: body?.detail || '',
    errors: Array.isArray(body?.errors) ? body.errors : [],
    rowErrors: Array.isArray(body?.row_errors) ? body.row_errors : [],
    body,
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null,
    requestId: res.headers.get('X-Request-Id') || '',
  })
}
