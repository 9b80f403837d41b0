// 登记巡护 (POST /api/v1/patrols) from an office desk: a patrol that is
// starting now or one that happened — zone, team, members, transport, start
// and end, a note, and an optional GPX/KML track uploaded after it is
// registered (PUT /api/v1/patrols/{id}/track). Checks are keyed by the API's
// field names (members/2 …), so a 422 from the server lands on the same
// inputs. Observations are added later, on the ranger page or the patrol.
import { utf8Length } from './validation.js'

const blank = (v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
const toMs = (v) => (blank(v) ? null : Number(v))
const FUTURE_SLACK_MS = 5 * 60 * 1000
const MIN_TIME = Date.UTC(2000, 0, 1)
export const MAX_MEMBERS = 50
export const MAX_TRACK_BYTES = 20 * 1024 * 1024

// started_at/ended_at in ms, as the date pickers (value-format "x") give
// them — numbers: the picker cannot read a string of milliseconds back.
export function emptyPatrol(now = Date.now()) {
  return { plan_id: null, zone_id: null, team: '', members: [], transport: 'foot', started_at: now, ended_at: null, note: '', track: null }
}

// A plan chosen: its zone and team (a plan without a team leaves the team as typed).
export function applyPlan(form, plan) {
  if (!plan) return form
  form.plan_id = plan.id
  if (plan.zone_id) form.zone_id = plan.zone_id
  if (plan.team) form.team = plan.team
  return form
}

export function validatePatrol(form, now = Date.now()) {
  const e = {}
  const team = (form.team || '').trim()
  if (!team) e.team = '请填写巡护队'
  else if (utf8Length(team) > 200) e.team = '巡护队名称过长'
  const members = (form.members || []).map((m) => String(m).trim())
  if (members.length === 0) e.members = '请至少填写一名队员'
  else if (members.length > MAX_MEMBERS) e.members = `队员过多（最多 ${MAX_MEMBERS} 人）`
  const seen = new Set()
  members.forEach((m, k) => {
    if (!m) e[`members/${k}`] = '队员姓名不能为空'
    else if (utf8Length(m) > 200) e[`members/${k}`] = '队员姓名过长'
    else if (seen.has(m)) e.members = `队员「${m}」重复`
    seen.add(m)
  })
  if (!e.members) {
    const bad = Object.keys(e).find((k) => k.startsWith('members/'))
    if (bad) e.members = e[bad]
  }
  if (blank(form.transport)) e.transport = '请选择交通方式'
  const start = toMs(form.started_at)
  if (start == null) e.started_at = '请选择开始时间'
  else if (start < MIN_TIME) e.started_at = '开始时间无效'
  else if (start > now + FUTURE_SLACK_MS) e.started_at = '开始时间不能晚于现在'
  const end = toMs(form.ended_at)
  if (end != null) {
    if (end > now + FUTURE_SLACK_MS) e.ended_at = '结束时间不能晚于现在'
    else if (start != null && end <= start) e.ended_at = '结束时间应晚于开始时间'
  }
  if (utf8Length(form.note) > 4000) e.note = '备注过长'
  if (form.track && form.track.size > MAX_TRACK_BYTES) e.track = '轨迹文件过大（上限 20 MB）'
  else if (form.track && !trackFormat(form.track.name)) e.track = '轨迹应为 GPX 或 KML 文件'
  return e
}

export function patrolBody(form) {
  const body = {
    team: form.team.trim(),
    members: [...new Set((form.members || []).map((m) => String(m).trim()).filter(Boolean))],
    transport: form.transport,
    started_at: toMs(form.started_at),
  }
  if (form.zone_id) body.zone_id = Number(form.zone_id)
  const end = toMs(form.ended_at)
  if (end != null) body.ended_at = end
  const note = (form.note || '').trim()
  if (note) body.note = note
  return body
}

// 'gpx' | 'kml' | null from a track file's name (or, given, its text).
export function trackFormat(name, text = '') {
  const lower = String(name || '').toLowerCase()
  if (lower.endsWith('.gpx')) return 'gpx'
  if (lower.endsWith('.kml')) return 'kml'
  if (text.includes('<gpx')) return 'gpx'
  if (text.includes('<kml')) return 'kml'
  return null
}

// Duration shown beside the times: "3 小时 20 分" (null when not both set or not after).
export function patrolDuration(form) {
  const start = toMs(form.started_at)
  const end = toMs(form.ended_at)
  if (start == null || end == null || end <= start) return null
  const minutes = Math.round((end - start) / 60000)
  const h = Math.floor(minutes / 60)
  return h ? `${h} 小时 ${minutes % 60} 分` : `${minutes} 分钟`
}

// ---- 添加发现 on a registered patrol (POST /api/v1/patrols/{id}/observations) ----

// The API gives patrol times as epoch ms (ISO text is taken too).
const timeOf = (v) => (v == null || v === '' ? null : typeof v === 'number' ? v : Date.parse(v))

export function emptyObservation(patrol, now = Date.now()) {
  const at = timeOf(patrol?.ended_at) ?? now
  return { kind: 'trap_removal', tool_kind: 'snare', count: 1, species_text: '', note: '', point: null, observed_at: Number.isFinite(at) ? at : now, to_tip: false }
}

// Within the patrol's time (start … end, or now while it is open), with a place.
export function validateObservation(form, patrol, now = Date.now()) {
  const e = {}
  if (blank(form.kind)) e.kind = '请选择发现类型'
  if (form.kind === 'trap_removal' && blank(form.tool_kind)) e.tool_kind = '请选择工具种类'
  if (!blank(form.count) && !(Number.isInteger(Number(form.count)) && Number(form.count) >= 0 && Number(form.count) <= 1_000_000)) e.count = '数量应为 0 到 100 万之间的整数'
  if (!form.point) e.lon = '请用定位或在地图上选出发现的位置'
  const at = toMs(form.observed_at)
  const start = timeOf(patrol?.started_at)
  const end = timeOf(patrol?.ended_at) ?? now + FUTURE_SLACK_MS
  if (at == null) e.observed_at = '请选择发现时间'
  else if (at > now + FUTURE_SLACK_MS) e.observed_at = '发现时间不能晚于现在'
  else if ((start != null && at < start) || at > end) e.observed_at = '发现时间应在巡护开始和结束之间'
  if (utf8Length(form.species_text) > 200) e.species_text = '物种名称过长'
  if (utf8Length(form.note) > 4000) e.note = '说明过长'
  return e
}
