// The joint-action report page's logic: the period a new draft starts from,
// the request bodies (whole days, `to` inclusive on screen and exclusive
// on the wire), what changed in the prose, and the typical-case choice.
import { dayOf } from './reporting.js'

export const JOINT_REPORT_STATES = [
  { code: 'draft', label: '草稿' },
  { code: 'final', label: '定稿' },
]

export const PROSE_SECTIONS = [
  { key: 'overview_note', label: '总体情况（补充）', hint: '接在系统生成的总体情况之后' },
  { key: 'achievements', label: '成绩', hint: '每行一段；可写“一是……”' },
  { key: 'shortcomings', label: '不足', hint: '每行一段' },
  { key: 'suggestions', label: '建议', hint: '每行一段' },
]

export const MAX_TYPICAL_CASES = 20

export function jointReportStateLabel(code) {
  return JOINT_REPORT_STATES.find((s) => s.code === code)?.label || code
}

// "YYYY-MM-DD" plus n days, as "YYYY-MM-DD" (calendar arithmetic, no time zone).
export function addDay(day, n = 1) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day || ''))
  if (!m) return ''
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3] + n))
  return d.toISOString().slice(0, 10)
}

// Last month, the period a monthly joint report usually covers; on the
// first days of a month the office may still want the current one.
export function defaultJointPeriod(now = new Date()) {
  const first = new Date(now.getFullYear(), now.getMonth(), 1)
  const last = new Date(now.getFullYear(), now.getMonth() + 1, 0)
  return { from: dayOf(first.getTime()), to: dayOf(last.getTime()), title: '' }
}

// The POST body: dates as YYYY-MM-DD, period_to the day after the last.
export function createBody(form) {
  const errors = {}
  const body = {}
  const from = String(form.from || '')
  const to = String(form.to || '')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) errors.from = '请选择起始日期'
  if (!/^\d{4}-\d{2}-\d{2}$/.test(to)) errors.to = '请选择截止日期'
  else if (!errors.from && to < from) errors.to = '截止日期不能早于起始日期'
  const title = String(form.title || '').trim()
  if (title) body.title = title
  if (!Object.keys(errors).length) {
    body.period_from = from
    body.period_to = addDay(to, 1)
  }
  return { body, errors }
}

// The PATCH body: only what differs from the stored draft.
export function changesOf(stored, form) {
  const out = {}
  for (const { key } of PROSE_SECTIONS) {
    if ((form[key] ?? '') !== (stored[key] ?? '')) out[key] = form[key] ?? ''
  }
  const title = String(form.title ?? '').trim()
  if (title && title !== stored.title) out.title = title
  const ids = form.case_ids || []
  const before = stored.case_ids || []
  if (ids.length !== before.length || ids.some((id, i) => id !== before[i])) out.case_ids = [...ids]
  return out
}

// Adds a case to the chosen ones (once, up to the limit); returns the new list.
export function addCase(ids, id) {
  if (!Number.isInteger(id) || id <= 0 || ids.includes(id) || ids.length >= MAX_TYPICAL_CASES) return ids
  return [...ids, id]
}

export function removeCase(ids, id) {
  return ids.filter((x) => x !== id)
}

// Moves a chosen case up (-1) or down (+1): the report shows them in order.
export function moveCase(ids, id, step) {
  const i = ids.indexOf(id)
  const j = i + step
  if (i < 0 || j < 0 || j >= ids.length) return ids
  const out = [...ids]
  ;[out[i], out[j]] = [out[j], out[i]]
  return out
}

// "2026-11-30 08:15" in the browser's time zone.
export function dateTimeText(ms) {
  if (!ms) return ''
  const d = new Date(ms)
  const pad = (n) => String(n).padStart(2, '0')
  return `${dayOf(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}
