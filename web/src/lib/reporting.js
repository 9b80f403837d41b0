// Publicity records (宣传培训) and periodic reports (情况报告): the
// vocabularies, the list's URL schema, the forms' checks and request
// bodies, the default dates of a new reporting period and the pre-filled
// figures table of a report.
import { listSchema } from './listQuery.js'

export const PUBLICITY_KINDS = [
  { code: 'announcement', label: '宣传公告' },
  { code: 'poster', label: '宣传海报/展板' },
  { code: 'case_publicity', label: '典型案例宣传' },
  { code: 'media', label: '媒体报道' },
  { code: 'training', label: '培训' },
]
// The statistics' 宣传活动: every kind but training (as the API's kind list).
export const PUBLICITY_EVENT_KINDS = 'announcement,poster,case_publicity,media'

// The list filter offers each kind and "宣传活动（不含培训）".
export const PUBLICITY_KIND_FILTER = [...PUBLICITY_KINDS, { code: PUBLICITY_EVENT_KINDS, label: '宣传活动（不含培训）' }]

export const PUBLICITY_LIST = listSchema({
  kind: { type: 'string' },
  from: { type: 'date', bound: 'start' },
  to: { type: 'date', bound: 'end' },
  department: { type: 'string' },
  q: { type: 'string' },
  id: { type: 'string' }, // the record open in the drawer, not a filter
})

export function publicityKindLabel(code) {
  return PUBLICITY_KINDS.find((k) => k.code === code)?.label || PUBLICITY_KIND_FILTER.find((k) => k.code === code)?.label || code
}

const pad = (n) => String(n).padStart(2, '0')

// YYYY-MM-DD of a time in local time.
export function dayOf(ms) {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

// YYYY-MM-DDTHH:mm:ss of a time in local time (the date pickers' format).
export function localDateTime(ms) {
  const d = new Date(ms)
  return `${dayOf(ms)}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

// Local midnight of a YYYY-MM-DD day, or NaN.
export function dayStart(day) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day || ''))
  if (!m) return NaN
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return d.getFullYear() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 ? d.getTime() : NaN
}

function addDays(day, n) {
  const t = dayStart(day)
  const d = new Date(t)
  d.setDate(d.getDate() + n)
  return d.getTime()
}

export function emptyPublicityForm(now = Date.now()) {
  return { kind: 'training', title: '', held_at: localDateTime(now), place: '', audience: '', attendees: '', note: '', evidence_ids: [], organiser_department: '' }
}

export function publicityFormOf(event) {
  return {
    kind: event.kind,
    title: event.title,
    held_at: localDateTime(event.held_at),
    place: event.place,
    audience: event.audience,
    attendees: event.attendees ? String(event.attendees) : '',
    note: event.note,
    evidence_ids: [...(event.evidence_ids || [])],
    organiser_department: event.organiser_department,
  }
}

// The request body of the publicity form and its field errors (Chinese).
// On an edit the organiser is left out (it cannot change).
export function publicityBody(form, { create = true, now = Date.now() } = {}) {
  const errors = {}
  const body = {}
  if (!PUBLICITY_KINDS.some((k) => k.code === form.kind)) errors.kind = '请选择类型'
  else body.kind = form.kind
  const title = String(form.title || '').trim()
  if (!title) errors.title = '请填写标题'
  else if (new TextEncoder().encode(title).length > 300) errors.title = '标题过长（最多 300 字节）'
  else body.title = title
  const held = form.held_at ? new Date(form.held_at).getTime() : NaN
  if (!Number.isFinite(held)) errors.held_at = '请选择时间'
  else if (held > now + 24 * 3600 * 1000) errors.held_at = '时间不能晚于今天'
  else body.held_at = held
  const attendees = String(form.attendees ?? '').trim()
  if (attendees === '') body.attendees = 0
  else if (!/^\d+$/.test(attendees) || Number(attendees) > 10000000) errors.attendees = '人数应为 0 到 10000000 的整数'
  else body.attendees = Number(attendees)
  body.place = String(form.place || '').trim()
  body.audience = String(form.audience || '').trim()
  body.note = String(form.note || '')
  body.evidence_ids = [...(form.evidence_ids || [])]
  if ((body.evidence_ids || []).length > 50) errors.evidence_ids = '最多 50 个附件'
  if (create && form.organiser_department) body.organiser_department = form.organiser_department
  return { body, errors }
}

// ---- periodic reports ----

export const PERIOD_KINDS = [
  { code: 'monthly', label: '月报' },
  { code: 'weekly', label: '周报' },
  { code: 'campaign', label: '专项行动总结' },
]

export const REPORT_STATES = [
  { code: 'missing', label: '未提交', type: 'info' },
  { code: 'draft', label: '草稿', type: 'warning' },
  { code: 'submitted', label: '已提交', type: 'primary' },
  { code: 'returned', label: '已退回', type: 'danger' },
  { code: 'accepted', label: '已采纳', type: 'success' },
]

export function reportStateLabel(code) {
  return REPORT_STATES.find((s) => s.code === code)?.label || code
}

export function reportStateType(code) {
  return REPORT_STATES.find((s) => s.code === code)?.type || 'info'
}

// The dates a new period starts from: this month (due on the 5th of the
// next), this week from Monday (due the Monday after), or a campaign of the
// last 30 days (due in 7 days). Days are YYYY-MM-DD, `to` inclusive.
export function defaultPeriod(kind, now = new Date()) {
  const y = now.getFullYear()
  const m = now.getMonth()
  if (kind === 'weekly') {
    const monday = new Date(y, m, now.getDate() - ((now.getDay() + 6) % 7))
    const sunday = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 6)
    const due = new Date(monday.getFullYear(), monday.getMonth(), monday.getDate() + 7)
    return {
      kind,
      title: `${monday.getMonth() + 1}月${monday.getDate()}日—${sunday.getMonth() + 1}月${sunday.getDate()}日“清风行动”工作周报`,
      from: dayOf(monday.getTime()),
      to: dayOf(sunday.getTime()),
      due: dayOf(due.getTime()),
    }
  }
  if (kind === 'campaign') {
    const start = new Date(y, m, now.getDate() - 30)
    const due = new Date(y, m, now.getDate() + 7)
    return { kind, title: '“清风行动”专项行动总结', from: dayOf(start.getTime()), to: dayOf(now.getTime()), due: dayOf(due.getTime()) }
  }
  const first = new Date(y, m, 1)
  const last = new Date(y, m + 1, 0)
  const due = new Date(y, m + 1, 5)
  return { kind: 'monthly', title: `${y}年${m + 1}月“清风行动”工作月报`, from: dayOf(first.getTime()), to: dayOf(last.getTime()), due: dayOf(due.getTime()) }
}

// The request body of a new period: [from, to] whole days (to inclusive,
// sent as the next midnight), due at the end of its day.
export function periodBody(form) {
  const errors = {}
  const body = {}
  if (!PERIOD_KINDS.some((k) => k.code === form.kind)) errors.kind = '请选择报告类型'
  else body.kind = form.kind
  const title = String(form.title || '').trim()
  if (!title) errors.title = '请填写报告期名称'
  else body.title = title
  const from = dayStart(form.from)
  const to = Number.isFinite(dayStart(form.to)) ? addDays(form.to, 1) : NaN
  const due = Number.isFinite(dayStart(form.due)) ? addDays(form.due, 1) - 1 : NaN
  if (!Number.isFinite(from)) errors.from = '请选择起始日期'
  if (!Number.isFinite(to)) errors.to = '请选择截止日期'
  else if (Number.isFinite(from) && to <= from) errors.to = '截止日期不能早于起始日期'
  if (!Number.isFinite(due)) errors.due = '请选择报送期限'
  else if (Number.isFinite(from) && due <= from) errors.due = '报送期限应晚于起始日期'
  if (!Object.keys(errors).length) Object.assign(body, { period_from: from, period_to: to, due_at: due })
  return { body, errors }
}

// "2026-11-01 至 2026-11-30" (period_to is exclusive).
export function periodSpan(period) {
  if (!period) return ''
  return `${dayOf(period.period_from)} 至 ${dayOf(period.period_to - 1)}`
}

// A number as the figures table shows it: integers plain, others with up
// to two decimals.
export function formatFigure(v) {
  const n = Number(v)
  if (!Number.isFinite(n)) return '—'
  if (Number.isInteger(n)) return String(n)
  return String(Math.round(n * 100) / 100)
}

// The pre-filled figures of a report as table rows, a section's first row
// carrying its label and how many rows it spans.
export function figureRows(figures) {
  const rows = []
  for (const sec of figures?.sections || []) {
    const list = sec.figures || []
    list.forEach((f, i) => {
      rows.push({
        section: sec.label,
        sectionCode: sec.code,
        span: i === 0 ? list.length : 0,
        code: f.code,
        label: f.label,
        unit: f.unit,
        value: formatFigure(f.value),
        drill: f.drill || '',
      })
    })
  }
  return rows
}

// The statistics sections a report may leave out (the answer names them
// by code), as the page names them.
const SECTION_LABELS = { listings: '网络巡查', intake: '网格与视频事件接入' }

export function sectionLabel(code) {
  return SECTION_LABELS[code] || code
}

// The office's summary line of a period's counts.
export function countsText(counts) {
  if (!counts) return ''
  const parts = [`应报 ${counts.owed}`, `已报 ${counts.submitted}`, `未报 ${counts.not_submitted}`]
  if (counts.returned) parts.push(`退回 ${counts.returned}`)
  if (counts.overdue) parts.push(`逾期 ${counts.overdue}`)
  return parts.join(' · ')
}

// What a department may do with its report in this state.
export function submissionHint(state, overdue) {
  const late = overdue ? '已过报送期限，' : ''
  switch (state) {
    case 'missing':
      return `${late}尚未填报：下方为系统按本部门本期记录生成的数据预览，保存草稿时固定。`
    case 'draft':
      return `${late}草稿已保存，可继续修改后提交。`
    case 'returned':
      return `${late}报告被退回，请按退回原因修改后重新提交。`
    case 'submitted':
      return '已提交，等待协调机制办公室审阅；如需更正，请联系办公室退回。'
    case 'accepted':
      return '已被协调机制办公室采纳。'
    default:
      return ''
  }
}
