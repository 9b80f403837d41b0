// 平台下架通知 without Vue: the takedown filter of the review queue, how a
// notice's state is shown, and the platform form (validation and the body
// sent to POST/PATCH /api/v1/platforms).

export const LISTING_TAKEDOWN_FILTERS = [
  { code: 'none', label: '未要求下架' },
  { code: 'requested', label: '已通知平台下架' },
  { code: 'overdue', label: '超期未下架' },
  { code: 'taken_down', label: '平台已下架' },
  { code: 'verified', label: '复查已下架' },
  { code: 'still_online', label: '复查仍在线' },
]

const NOTICE_TAGS = { queued: 'info', retrying: 'warning', sent: 'success', gave_up: 'danger', manual: 'warning' }
export const noticeTag = (status) => NOTICE_TAGS[status] || 'info'

// One line on the notice for the takedown card: status, the reason of the
// last failure, when the next attempt is due.
export function noticeSummary(notice, notifiedAt = '') {
  if (!notice) return ''
  if (notice.channel === 'manual')
    return notifiedAt ? '该平台未配置下架通知接口，已人工通知平台' : '该平台未配置下架通知接口，须人工通知平台后点击“登记已通知平台”'
  const parts = [notice.status_label]
  if (notice.attempts) parts.push(`已尝试 ${notice.attempts} 次`)
  if (notice.status !== 'sent' && notice.last_error) parts.push(notice.last_error)
  return parts.join(' · ')
}

// The notice's state in one tag for a row of the review queue (the list
// carries each listing's current notice): overdue first, then what the
// platform reported, then how far the notice got. null: no notice.
export function noticeBadge(notice, listing = {}) {
  if (!notice) return null
  if (notice.overdue) return { label: '逾期未下架', type: 'danger' }
  if (notice.acknowledged_at) return { label: '平台已回报下架', type: 'success' }
  if (notice.channel === 'manual')
    return listing.platform_notified_at ? { label: '已人工通知', type: 'info' } : { label: '须人工通知', type: 'warning' }
  const labels = { queued: '通知待发送', retrying: '通知重试中', sent: '通知已送达', gave_up: '通知发送失败' }
  return { label: labels[notice.status] || notice.status_label || notice.status, type: noticeTag(notice.status) }
}

// Whether the notice's delivery can be sent again now (POST
// /api/v1/webhook-deliveries/{id}/retry, for the office and the
// administrator): a webhook notice that failed or waits for its next try,
// while the listing still waits for the takedown. A manual notice has no
// delivery (it is registered by hand), a sent one needs none.
export function noticeRetryable(notice, listing = {}, me = {}) {
  if (!notice || notice.channel !== 'webhook' || !notice.delivery_id) return false
  if (notice.status !== 'gave_up' && notice.status !== 'retrying') return false
  if (listing.takedown_state !== 'requested') return false
  return ['office', 'admin'].includes(me?.role) && !!me?.permissions?.read_audit
}

export function emptyPlatform() {
  return { code: '', name: '', notice_url: '', enabled: true, deadline_hours: 24, account: '', note: '' }
}

export function platformForm(p) {
  return { code: p.code, name: p.name || '', notice_url: p.notice_url || '', enabled: !!p.enabled, deadline_hours: p.deadline_hours || 24, account: p.account || '', note: p.note || '' }
}

// The same rules the server applies (it has the last word): http:// only —
// the server has no TLS client, an https receiver sits behind a local relay.
export function validatePlatform(form, { creating }) {
  const errors = {}
  const code = (form.code || '').trim()
  if (creating) {
    if (!code) errors.code = '请填写平台名称（与网络信息的“平台”一致）'
    else if (/[/:]/.test(code)) errors.code = '不能含 / 或 :'
  }
  const url = (form.notice_url || '').trim()
  if (url) {
    if (/^https:\/\//i.test(url)) errors.notice_url = '请填写 http:// 地址（https 接收方请经本机中继转发）'
    else if (!/^http:\/\/[^\s/@?#]+/i.test(url)) errors.notice_url = '应为 http:// 开头的地址'
    // eslint-disable-next-line no-control-regex
    else if (/[\s\u0000-\u001f\u007f-\uffff]/.test(url)) errors.notice_url = '不能含空格或非 ASCII 字符'
  } else if (form.enabled) {
    errors.notice_url = '启用下架通知须填写通知地址'
  }
  const h = Number(form.deadline_hours)
  if (!Number.isInteger(h) || h < 1 || h > 720) errors.deadline_hours = '应为 1–720 小时'
  return errors
}

export function platformBody(form, { creating }) {
  const body = {
    name: (form.name || '').trim(),
    notice_url: (form.notice_url || '').trim(),
    enabled: !!form.enabled,
    deadline_hours: Number(form.deadline_hours),
    account: (form.account || '').trim(),
    note: form.note || '',
  }
  if (creating) body.code = (form.code || '').trim()
  return body
}
