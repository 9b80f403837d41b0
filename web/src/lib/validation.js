// Form rules shared by the pages and mirrored from the API's limits (the
// server checks again; these give the message before the round trip).

export const RECEIPT_CODE_RE = /^[2-9A-HJKMNP-Za-hjkmnp-z]{10}$/

export function normaliseReceiptCode(text) {
  return String(text || '').replace(/[\s-]/g, '')
}

export function isReceiptCode(text) {
  return RECEIPT_CODE_RE.test(normaliseReceiptCode(text))
}

// Mainland mobile (1xxxxxxxxxx) or a landline like 0955-8812769.
export function isPhone(text) {
  const s = String(text || '').replace(/[\s]/g, '')
  return /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}-?\d{7,8}$/.test(s)
}

export function utf8Length(text) {
  return new TextEncoder().encode(String(text || '')).length
}

// Checks a public report (PublicTipSubmission); returns { field: message }.
export function validatePublicReport(form) {
  const errors = {}
  const content = String(form.content || '').trim()
  if (!content) errors.content = '请描述您看到的情况'
  else if (utf8Length(content) > 8000) errors.content = '内容过长，请精简到 2600 字以内'
  if (!form.anonymous) {
    if (form.reporter_phone && !isPhone(form.reporter_phone)) errors.reporter_phone = '请输入正确的手机或座机号码'
    if (utf8Length(form.reporter_name) > 100) errors.reporter_name = '姓名过长'
  }
  if (utf8Length(form.place_text) > 500) errors.place_text = '地点描述过长'
  if (utf8Length(form.species_text) > 500) errors.species_text = '物种描述过长'
  if ((form.lon == null) !== (form.lat == null)) errors.location = '位置需同时包含经度和纬度'
  if (form.occurred_at != null && form.occurred_at > Date.now() + 5 * 60 * 1000) errors.occurred_at = '发生时间不能晚于现在'
  return errors
}

// The JSON body for POST /api/v1/public/tips: only the fields the API knows,
// no empty strings, no name/phone when anonymous.
export function publicReportBody(form) {
  const body = { content: String(form.content).trim(), anonymous: !!form.anonymous }
  if (form.reporter_category) body.reporter_category = form.reporter_category
  if (!form.anonymous) {
    if (form.reporter_name?.trim()) body.reporter_name = form.reporter_name.trim()
    if (form.reporter_phone?.trim()) body.reporter_phone = form.reporter_phone.replace(/\s/g, '')
  }
  if (form.occurred_at != null) body.occurred_at = form.occurred_at
  if (form.place_text?.trim()) body.place_text = form.place_text.trim()
  if (form.species_text?.trim()) body.species_text = form.species_text.trim()
  if (form.lon != null && form.lat != null) {
    body.lon = Math.round(form.lon * 1e6) / 1e6
    body.lat = Math.round(form.lat * 1e6) / 1e6
  }
  return body
}

// Password policy of the API: at least 10 characters, not the username.
export function passwordProblem(password, username = '') {
  if (!password || password.length < 10) return '密码至少 10 个字符'
  if (username && password === username) return '密码不能与用户名相同'
  return ''
}

// 元 (as typed) → 分 (integer), or null when not a valid amount.
export function yuanToFen(text) {
  const s = String(text ?? '').trim()
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null
  const [int, frac = ''] = s.split('.')
  return Number(int) * 100 + Number((frac + '00').slice(0, 2))
}
