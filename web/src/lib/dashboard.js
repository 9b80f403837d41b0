// The 战果 dashboard's pure logic: the period in the URL, the API
// parameters, and the shaping of /api/v1/stats, /stats/series and /stats/map
// answers into cards, chart options, ranking rows and map points.
//
// The period is kept as days in local time (like the list pages): `from` the
// first day, `to` the last day (inclusive). The API gets epoch ms — the
// first day's midnight and the midnight after the last day — so a figure's
// drill lands on a list page that asks the API for exactly the same period.
import { dayToMs, formatDay, parseDay } from './listQuery.js'
import { periodStarts } from './format.js'

export const PERIODS = [
  { code: 'week', label: '本周' },
  { code: 'month', label: '本月' },
  { code: 'campaign', label: '行动期间' },
  { code: 'custom', label: '自定义' },
]

export const BUCKETS = [
  { code: 'day', label: '按日' },
  { code: 'week', label: '按周' },
  { code: 'month', label: '按月' },
]

// The key figure cards, in order (codes of /api/v1/stats).
export const CARD_FIGURES = [
  'tips.received',
  'cases.opened',
  'cases.closed',
  'cases.major',
  'transfers.criminal_sent',
  'specimens.value_yuan',
  'listings.taken_down',
  'patrols.km',
  'inspections.count',
  'transport.checks',
  'customs.seizures',
  'publicity.events',
  'publicity.trainings',
]

// The trend chart's figures (codes of /api/v1/stats/series).
export const TREND_FIGURES = ['tips.received', 'cases.opened', 'cases.closed', 'patrols.count', 'inspections.count', 'transport.checks']

// The breakdown charts: a figure of /api/v1/stats and the title of its breakdown.
export const BREAKDOWNS = [
  { code: 'cases.opened', title: '案件（按违法类型）' },
  { code: 'tips.received', title: '举报线索（按来源渠道）' },
  { code: 'specimens.count_by_level', title: '涉案野生动物数量（按保护级别）' },
]

export const MAP_KINDS = [
  { code: 'cases', label: '案件', color: '#1f6f50' },
  { code: 'tips', label: '举报线索', color: '#e6a23c' },
  { code: 'observations', label: '巡护发现', color: '#409eff' },
  { code: 'inspections', label: '检查', color: '#8e44ad' },
  { code: 'transport', label: '运输检查', color: '#d93026' },
  // Seizures with a point (optional since migration 0018).
  { code: 'seizures', label: '查获', color: '#6b4f2a' },
]

const MAX_DAYS_BY_DAY = 62
const MAX_DAYS_BY_WEEK = 400

function addDays(date, n) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + n)
}

// The dashboard's state from the route query, with defaults: this month, and
// the bucket that suits the period's length.
export function parseDashboardQuery(query = {}, { now = new Date(), campaign = null } = {}) {
  const one = (v) => (Array.isArray(v) ? v[0] : v) ?? ''
  let period = PERIODS.some((p) => p.code === one(query.period)) ? one(query.period) : 'month'
  let range = periodRange(period, { now, campaign, from: one(query.from), to: one(query.to) })
  if (!range) {
    period = 'month'
    range = periodRange('month', { now })
  }
  const bucketAsked = one(query.bucket)
  const bucket = BUCKETS.some((b) => b.code === bucketAsked) && bucketFits(bucketAsked, range) ? bucketAsked : autoBucket(range)
  return { period, from: range.from, to: range.to, department: String(one(query.department) || ''), bucket }
}

// The route query of a state: only what is not derived.
export function toDashboardQuery(state) {
  const q = { period: state.period }
  if (state.period === 'custom') {
    q.from = state.from
    q.to = state.to
  }
  if (state.department) q.department = state.department
  if (state.bucket) q.bucket = state.bucket
  return q
}

// { from, to } days of a named period (`to` inclusive), or null when it
// cannot be made (a custom range with bad days, no campaign set).
export function periodRange(code, { now = new Date(), campaign = null, from = '', to = '' } = {}) {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate())
  const { week, month } = periodStarts(now)
  if (code === 'week') return { from: formatDay(week), to: formatDay(today) }
  if (code === 'month') return { from: formatDay(month), to: formatDay(today) }
  if (code === 'campaign') {
    if (!campaign) return null
    return { from: campaign.from, to: campaign.to }
  }
  if (code === 'custom') {
    const f = parseDay(from)
    const t = parseDay(to)
    if (!f || !t || t < f) return null
    return { from, to }
  }
  return null
}

// A campaign report period ({ period_from, period_to } in epoch ms, to
// exclusive) as the dashboard's days.
export function campaignRange(reportPeriod) {
  if (!reportPeriod || !Number.isFinite(reportPeriod.period_from) || !Number.isFinite(reportPeriod.period_to)) return null
  if (reportPeriod.period_to <= reportPeriod.period_from) return null
  return { from: formatDay(new Date(reportPeriod.period_from)), to: formatDay(new Date(reportPeriod.period_to - 1)), title: reportPeriod.title || '' }
}

export function periodDays(range) {
  const f = parseDay(range.from)
  const t = parseDay(range.to)
  if (!f || !t) return 0
  return Math.round((addDays(t, 1) - f) / 86400000)
}

export function bucketFits(bucket, range) {
  const days = periodDays(range)
  if (bucket === 'day') return days <= MAX_DAYS_BY_DAY
  if (bucket === 'week') return days <= MAX_DAYS_BY_WEEK * 7
  return true
}

export function autoBucket(range) {
  const days = periodDays(range)
  if (days <= MAX_DAYS_BY_DAY) return 'day'
  if (days <= 190) return 'week'
  return 'month'
}

// The API parameters of the state: epoch ms, department only when chosen.
export function apiParams(state) {
  const out = { from: dayToMs(state.from, 'start'), to: dayToMs(state.to, 'end') }
  if (state.department) out.department = state.department
  return out
}

// A figure's title out of its section: "检查" and "查获" alone are
// ambiguous on a dashboard, so they carry their section.
export function figureTitle(f) {
  return ['检查', '查获'].includes(f.label) && f.section ? `${f.section}·${f.label}` : f.label
}

export function findFigure(stats, code) {
  for (const s of stats?.sections || []) for (const f of s.figures || []) if (f.code === code) return { ...f, section: s.label }
  return null
}

// The cards: the figures of CARD_FIGURES the answer has (sections the
// caller may not count are absent), value formatted.
export function cardFigures(stats, codes = CARD_FIGURES) {
  return codes
    .map((c) => findFigure(stats, c))
    .filter(Boolean)
    .map((f) => ({ ...f, title: figureTitle(f) }))
}

export function formatValue(value, unit) {
  if (value === null || value === undefined) return '—'
  if (unit === '元') return value.toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 })
  if (Number.isInteger(value)) return value.toLocaleString('zh-CN')
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 1 })
}

// An axis label of a bucket: days as MM-DD, weeks as "MM-DD 起", months as YYYY-MM.
export function bucketLabel(bucket, kind) {
  if (kind === 'month') return bucket.label
  const md = bucket.label.slice(5)
  return kind === 'week' ? `${md}起` : md
}

// The trend chart's ECharts option from /api/v1/stats/series; null when empty.
export function seriesOption(answer, codes = TREND_FIGURES) {
  if (!answer?.buckets?.length || !answer.series?.length) return null
  const chosen = codes.map((c) => answer.series.find((s) => s.code === c)).filter(Boolean)
  if (!chosen.length) return null
  const name = figureTitle
  return {
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0, data: chosen.map(name) },
    grid: { left: 40, right: 16, bottom: 28, top: 36 },
    xAxis: { type: 'category', data: answer.buckets.map((b) => bucketLabel(b, answer.bucket)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: chosen.map((s) => ({ name: name(s), type: 'line', smooth: false, showSymbol: answer.buckets.length <= 40, data: s.values })),
  }
}

// The sum of each series (to compare with the period's figures).
export function seriesTotals(answer) {
  const out = {}
  for (const s of answer?.series || []) out[s.code] = s.values.reduce((a, b) => a + b, 0)
  return out
}

// A breakdown chart's option (a bar per key, largest first); null when empty.
export function breakdownOption(figure) {
  const rows = (figure?.breakdown || []).filter((b) => b.value > 0)
  if (!rows.length) return null
  const data = rows.map((b) => ({ value: b.value, name: b.label, drill: b.drill }))
  return {
    tooltip: { trigger: 'item', formatter: `{b}：{c} ${figure.unit}（{d}%）` },
    legend: { type: 'scroll', orient: 'vertical', right: 4, top: 'middle' },
    series: [{ type: 'pie', radius: ['38%', '68%'], center: ['36%', '50%'], data, label: { formatter: '{b} {c}' } }],
  }
}

// A figure code as a table property: Element Plus reads "a.b" as a path.
export const columnKey = (code) => code.replace(/\./g, '__')

// The ranking table: columns grouped by section (each with `key`, its row
// property), rows with a value per column, ranked by `rankBy` (most first;
// ties keep the API's order); the table sorts by any column on a click.
export function rankingTable(stats, rankBy = 'cases.opened') {
  const columns = (stats?.ranking?.columns || []).map((c) => ({ ...c, key: columnKey(c.code) }))
  const groups = []
  for (const c of columns) {
    let g = groups.find((x) => x.label === c.group)
    if (!g) groups.push((g = { label: c.group, columns: [] }))
    g.columns.push(c)
  }
  const rows = (stats?.ranking?.rows || []).map((r) => ({ department_code: r.department_code, name: r.short_name || r.name, ...Object.fromEntries(columns.map((c) => [c.key, r.values?.[c.code] ?? 0])) }))
  const key = columnKey(rankBy)
  rows.sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0))
  return { groups, columns, rows }
}

// MapView points from the /api/v1/stats/map GeoJSON: id "kind:id", the
// kind's colour; `links` maps a point id to its record's page.
export function mapPoints(geojson) {
  const colors = Object.fromEntries(MAP_KINDS.map((k) => [k.code, k.color]))
  const points = []
  const links = {}
  for (const f of geojson?.features || []) {
    const p = f.properties || {}
    const [lon, lat] = f.geometry?.coordinates || []
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) continue
    const id = `${p.kind}:${p.id}`
    points.push({ id, lon, lat, color: colors[p.kind] || '#606266' })
    links[id] = p.link
  }
  return { points, links }
}
