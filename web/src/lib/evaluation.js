// The evaluation page's logic: the ranking table's rows, each score's
// explanation and drill links into the web pages, the weight editor's
// checks, and the supervision form.

import { DRILL_ROUTES, drillToRoute } from './drill.js'

export const OUTCOMES = [
  { code: 'none', label: '无' },
  { code: 'praise', label: '表扬' },
  { code: 'criticism', label: '通报批评' },
  { code: 'interview', label: '约谈' },
  { code: 'accountability', label: '追责' },
]

export function outcomeLabel(code) {
  return OUTCOMES.find((o) => o.code === code)?.label || code
}

// Tag colour of an outcome.
export function outcomeType(code) {
  return { praise: 'success', criticism: 'warning', interview: 'warning', accountability: 'danger' }[code] || 'info'
}

// A drill href of the run (an API route) → { to, label, api } where `to` is
// a router location when the web has a page for it (else null: the API
// route is shown as text).
export function drillTarget(drill, routes = DRILL_ROUTES) {
  const href = drill?.href || ''
  const label = drill?.label || href
  const visit = href.match(/^\/api\/v1\/supervision-visits\/(\d+)$/)
  if (visit) return { to: { path: '/supervision', query: { id: visit[1] } }, label, api: href, exact: true }
  const route = drillToRoute(href, routes)
  if (route) return { to: { path: route.path, query: route.query }, label, api: href, exact: route.exact }
  return { to: null, label, api: href, exact: false }
}

// How a score reads in the table: a number, or why it has none.
export function scoreText(score) {
  if (!score) return ''
  if (!score.applies) return '不适用'
  if (!score.measured) return '未计分'
  if (score.score === null || score.score === undefined) return '—'
  return formatScore(score.score)
}

export function formatScore(v) {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return '—'
  return Number(v).toFixed(2)
}

// The ranking table: one row per department in rank order (unranked last),
// each score keyed by indicator code.
export function rankingRows(run) {
  const rows = (run?.departments || []).map((d) => {
    const scores = {}
    for (const s of d.scores || []) scores[s.code] = s
    return {
      code: d.department_code,
      name: d.short_name || d.name,
      total: d.total,
      rank: d.rank,
      appliedWeight: d.applied_weight,
      excluded: d.excluded || [],
      scores,
      supervision: d.supervision || [],
    }
  })
  rows.sort((a, b) => {
    if ((a.rank == null) !== (b.rank == null)) return a.rank == null ? 1 : -1
    return (a.rank ?? 0) - (b.rank ?? 0)
  })
  return rows
}

// Ranks that more than one department holds.
export function tiedRanks(run) {
  const seen = new Map()
  for (const d of run?.departments || []) if (d.rank != null) seen.set(d.rank, (seen.get(d.rank) || 0) + 1)
  return new Set([...seen].filter(([, n]) => n > 1).map(([r]) => r))
}

// Indicator columns grouped for the two-row header.
export function indicatorGroups(indicators) {
  const groups = []
  for (const i of indicators || []) {
    const last = groups[groups.length - 1]
    if (last && last.label === i.group) last.items.push(i)
    else groups.push({ label: i.group, items: [i] })
  }
  return groups
}

// The weight editor: rows copied from the configuration, checked before PUT.
export function editableIndicators(config) {
  return (config?.indicators || []).map((i) => ({
    code: i.code,
    label: i.label,
    group: i.group,
    weight: Number(i.weight),
    enabled: !!i.enabled,
    params: { ...(i.params || {}) },
    formula: i.formula,
    applies_to: i.applies_to,
    default_weight: i.default_weight,
  }))
}

export function weightTotal(rows) {
  return (rows || []).filter((r) => r.enabled).reduce((sum, r) => sum + (Number(r.weight) || 0), 0)
}

// Problems of the edited rows (empty: fine). Weights need not add up to
// 100 — each department's weights are renormalised anyway — but at least
// one indicator must count.
export function indicatorProblems(rows) {
  const problems = []
  for (const r of rows || []) {
    const w = Number(r.weight)
    if (!Number.isFinite(w) || w < 0 || w > 100) problems.push(`${r.label}：权重应在 0–100 之间`)
    if (r.code === 'listings.takedown' && !(Number(r.params?.target_hours) > 0)) problems.push(`${r.label}：目标时长应大于 0`)
    if (r.code === 'overdue.items') {
      const p = Number(r.params?.points_per_item)
      if (!Number.isFinite(p) || p < 0 || p > 100) problems.push(`${r.label}：每项扣分应在 0–100 之间`)
    }
  }
  if (!problems.length && weightTotal(rows) <= 0) problems.push('至少一个启用的指标权重应大于 0')
  return problems
}

// The PUT body of the edited rows.
export function indicatorsBody(rows) {
  return (rows || []).map((r) => {
    const item = { code: r.code, weight: Number(r.weight), enabled: !!r.enabled }
    const params = {}
    if (r.code === 'listings.takedown') params.target_hours = Number(r.params?.target_hours)
    if (r.code === 'overdue.items') params.points_per_item = Number(r.params?.points_per_item)
    if (Object.keys(params).length) item.params = params
    return item
  })
}

// "YYYY-MM-DD" of this month's first day and of the next month's (the run's
// `to` is exclusive), in local time.
export function monthPeriod(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0')
  const from = new Date(now.getFullYear(), now.getMonth(), 1)
  const to = new Date(now.getFullYear(), now.getMonth() + 1, 1)
  const day = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return { from: day(from), to: day(to) }
}

// The day after a YYYY-MM-DD (the date picker's last day → the exclusive `to`).
export function nextDay(day) {
  const [y, m, d] = String(day).split('-').map(Number)
  const next = new Date(y, m - 1, d + 1)
  const pad = (n) => String(n).padStart(2, '0')
  return `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`
}

// The supervision form → the POST/PATCH body; { body, errors }.
export function visitBody(form) {
  const errors = {}
  const members = String(form.members || '')
    .split(/[，,、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
  if (!form.visited_at) errors.visited_at = '请选择督导日期'
  if (!members.length) errors.members = '请填写督导组成员'
  const departments = (form.departments || []).filter((d) => d.department)
  if (!departments.length) errors.departments = '请至少选择一个被督导部门'
  const codes = departments.map((d) => d.department)
  if (new Set(codes).size !== codes.length) errors.departments = '被督导部门重复'
  const body = {
    visited_at: form.visited_at ? new Date(form.visited_at).getTime() : undefined,
    members,
    departments: departments.map((d) => ({ department: d.department, outcome: d.outcome || 'none' })),
    findings: form.findings || '',
    rectification: form.rectification || '',
    rectification_due_at: form.rectification_due_at ? new Date(form.rectification_due_at).getTime() : 0,
    evidence_ids: form.evidence_ids || [],
  }
  return { body, errors }
}
