// 野外巡护: the vocabularies of zones, patrols and observations (codes as the
// API names them, Chinese labels as the users do) and the figures shown for
// effort and coverage.
import { listSchema } from './listQuery.js'

export const ZONE_KINDS = [
  { code: 'nature_reserve', label: '自然保护区' },
  { code: 'forest_farm', label: '国有林场' },
  { code: 'no_fishing_water', label: '禁捕水域' },
  { code: 'bird_wintering', label: '候鸟越冬地' },
  { code: 'other', label: '其他' },
]

export const TRANSPORTS = [
  { code: 'foot', label: '步行' },
  { code: 'vehicle', label: '汽车' },
  { code: 'motorbike', label: '摩托车' },
  { code: 'boat', label: '船只' },
  { code: 'horse', label: '骑马' },
  { code: 'other', label: '其他' },
]

export const OBSERVATION_KINDS = [
  { code: 'trap_removal', label: '清除猎捕工具' },
  { code: 'wildlife', label: '野生动物' },
  { code: 'suspicious', label: '可疑人员车辆' },
  { code: 'violation', label: '违法行为' },
  { code: 'other', label: '其他' },
]

export const TOOL_KINDS = [
  { code: 'snare', label: '猎套' },
  { code: 'leghold_trap', label: '猎夹' },
  { code: 'mist_net', label: '粘网' },
  { code: 'ground_gun', label: '地枪' },
  { code: 'electrofishing', label: '电鱼器具' },
  { code: 'poison', label: '毒饵' },
  { code: 'other', label: '其他' },
]

const labelIn = (list) => (code) => list.find((x) => x.code === code)?.label || code || '—'
export const zoneKindLabel = labelIn(ZONE_KINDS)
export const transportLabel = labelIn(TRANSPORTS)
export const observationKindLabel = labelIn(OBSERVATION_KINDS)
export const toolKindLabel = labelIn(TOOL_KINDS)

// Map colours per zone kind (fill is the stroke, faint).
export const ZONE_COLORS = {
  nature_reserve: '#1f6f50',
  forest_farm: '#3d7a2a',
  no_fishing_water: '#1d6fa5',
  bird_wintering: '#7a4fa0',
  other: '#6b7873',
}
export const GAP_COLOR = '#d46b08'
export const TRACK_COLOR = '#c0392b'

export function formatKm(km) {
  return Number.isFinite(km) ? `${km.toFixed(km < 10 ? 2 : 1)} 公里` : '—'
}

export function formatHours(h) {
  if (!Number.isFinite(h)) return '—'
  const total = Math.round(h * 60)
  const hh = Math.floor(total / 60)
  const mm = total % 60
  return hh ? `${hh} 小时 ${mm} 分` : `${mm} 分钟`
}

export function formatPercent(ratio) {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)}%` : '—'
}

// What a patrol observation says in one line: "清除猎捕工具 · 猎套 × 3".
export function observationSummary(o) {
  const parts = [o.kind_label || observationKindLabel(o.kind)]
  if (o.kind === 'trap_removal' && o.tool_kind) parts.push(`${o.tool_label || toolKindLabel(o.tool_kind)}${o.count ? ` × ${o.count}` : ''}`)
  else if (o.count) parts.push(`${o.count} 只/个`)
  if (o.species_text) parts.push(o.species_text)
  return parts.join(' · ')
}

// The body of POST …/observations from the ranger's form (empty fields left out).
export function observationBody(form, point, observedAt) {
  const body = { kind: form.kind, lon: point.lon, lat: point.lat, observed_at: observedAt }
  if (form.kind === 'trap_removal') {
    body.tool_kind = form.tool_kind || 'other'
    body.count = Math.max(1, Math.round(Number(form.count) || 1))
  } else if (form.count) {
    body.count = Math.round(Number(form.count))
  }
  const species = (form.species_text || '').trim()
  const note = (form.note || '').trim()
  if (species) body.species_text = species
  if (note) body.note = note
  if (form.to_tip) body.to_tip = true
  return body
}

// Team members typed as one line: "马林、李强, 王五" → ['马林', '李强', '王五'].
export function splitMembers(text) {
  return [...new Set(String(text || '').split(/[,，、;；\s]+/).map((s) => s.trim()).filter(Boolean))]
}

// A month "2026-11" → [from, to) in epoch ms (local time), or null.
export function monthRange(month) {
  const m = /^(\d{4})-(\d{2})$/.exec(month || '')
  if (!m) return null
  const y = Number(m[1])
  const mo = Number(m[2]) - 1
  if (mo < 0 || mo > 11) return null
  return { from: new Date(y, mo, 1).getTime(), to: new Date(y, mo + 1, 1).getTime() }
}

export function currentMonth(now = new Date()) {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`
}

export const ZONE_LIST = listSchema({
  kind: { type: 'string', options: ZONE_KINDS.map((k) => k.code) },
})

export const PATROL_LIST = listSchema({
  zone_id: { type: 'int' },
  team: { type: 'string' },
  from: { type: 'date', bound: 'start' },
  to: { type: 'date', bound: 'end' },
  mine: { type: 'boolean' },
})
