// Corrections of field records after the fact and the customs assessment
// record (issue 7):
//  - an inspection's edit form from the record as loaded, its checks, and
//    the PATCH with only what changed (the API keeps a missing field; a
//    cleared text goes as "", a left group as null). Findings a case was
//    opened from cannot be removed or change kind (the API answers 409):
//    lockedFindingIds() names them so the form can say so beforehand.
//  - a joint group's edit form and PATCH (members replaced as a whole).
//  - the 海关风险评估记录 list: its URL filters and the API parameters.
import { listSchema } from './listQuery.js'
import { validateInspection } from './fieldForms.js'
import { utf8Length } from './validation.js'

const trim = (v) => (typeof v === 'string' ? v.trim() : v)
const blank = (v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
const isoToMs = (v) => (blank(v) ? null : typeof v === 'number' ? v : Date.parse(v))

// ---- 修正检查记录 (PATCH /api/v1/inspections/{id}) --------------------------------

export function inspectionEditForm(x) {
  return {
    inspected_at: isoToMs(x.inspected_at),  // a number: the picker (value-format x) reads it as ms
    group_id: x.group_id ?? null,
    conclusion: x.conclusion || '',
    answers: (x.answers || []).map((a) => ({ code: a.code, text: a.text || a.code, result: a.result, note: a.note || '' })),
    holdings: (x.holdings || []).map((h) => ({ species: h.species, species_id: h.species_id ?? null, count: h.counted })),
    // Only the manual findings are edited; the automatic ones follow the count.
    findings: (x.findings || [])
      .filter((f) => !f.automatic)
      .map((f) => ({ id: f.id, kind: f.kind, note: f.note || '', evidence_ids: [...(f.evidence_ids || [])] })),
  }
}

// The findings a case was opened from: they stay, with their kind.
export function lockedFindingIds(x) {
  if (!x?.case_id) return new Set()
  return new Set((x.findings || []).filter((f) => !f.automatic).map((f) => f.id))
}

// What the case fixes: the place, the time and the animals counted.
export const caseFixesCount = (x) => !!x?.case_id

export function validateInspectionEdit(x, form, now = Date.now()) {
  const e = validateInspection({ ...form, place_id: x.place_id }, now)
  const locked = lockedFindingIds(x)
  for (const id of locked) {
    const kept = form.findings.find((f) => f.id === id)
    const before = x.findings.find((f) => f.id === id)
    if (!kept) e.findings = `已转为案件 #${x.case_id}，问题「${before?.kind_label || before?.kind}」不能删除`
    else if (kept.kind !== before.kind) e[`findings/${form.findings.indexOf(kept)}/kind`] = '已转入案件的问题不能改变类型'
  }
  return e
}

const answersBody = (answers) =>
  answers.map((a) => {
    const x = { code: a.code, result: a.result }
    if (!blank(a.note)) x.note = trim(a.note)
    return x
  })
const holdingsBody = (holdings) =>
  holdings.map((h) => {
    const x = { species: trim(h.species), count: Number(h.count) }
    if (h.species_id) x.species_id = h.species_id
    return x
  })
const findingsBody = (findings) =>
  findings.map((f) => {
    const x = {}
    if (f.id) x.id = f.id
    x.kind = f.kind
    if (!blank(f.note)) x.note = trim(f.note)
    if (f.evidence_ids?.length) x.evidence_ids = [...f.evidence_ids]
    return x
  })
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)

// The PATCH body: only the fields that differ from the record as loaded.
export function inspectionPatch(x, form) {
  const before = inspectionEditForm(x)
  const patch = {}
  if (Number(form.inspected_at) !== Number(before.inspected_at)) patch.inspected_at = Number(form.inspected_at)
  if ((form.group_id ?? null) !== (before.group_id ?? null)) patch.group_id = form.group_id ? Number(form.group_id) : null
  if (trim(form.conclusion || '') !== trim(before.conclusion)) patch.conclusion = trim(form.conclusion || '')
  if (!same(answersBody(form.answers), answersBody(before.answers))) patch.answers = answersBody(form.answers)
  if (!same(holdingsBody(form.holdings), holdingsBody(before.holdings))) patch.holdings = holdingsBody(form.holdings)
  if (!same(findingsBody(form.findings), findingsBody(before.findings))) patch.findings = findingsBody(form.findings)
  return patch
}

// The names of the fields a PATCH changes, for the unsaved-change notice.
const FIELD_LABELS = { inspected_at: '检查时间', group_id: '检查组', conclusion: '检查结论', answers: '检查清单作答', holdings: '存栏清点', findings: '发现的问题' }
export const changedLabels = (patch) => Object.keys(patch).map((k) => FIELD_LABELS[k] || k)

// ---- 修改联合检查组 (PATCH /api/v1/inspection-groups/{id}) --------------------------

// members: [{ user: { id, display_name, department_code }, leader }] as the create form.
export function groupEditForm(g) {
  return {
    name: g.name || '',
    lead_department: g.lead_department_code || '',
    note: g.note || '',
    members: (g.members || []).map((m) => ({ user: { id: m.user_id, display_name: m.display_name, department_code: m.department_code }, leader: !!m.leader })),
  }
}

const membersBody = (members) => members.map((m) => ({ user_id: m.user.id, leader: !!m.leader }))
const memberKey = (members) => JSON.stringify(membersBody(members).sort((a, b) => a.user_id - b.user_id))

export function groupPatch(g, form) {
  const before = groupEditForm(g)
  const patch = {}
  if (trim(form.name) !== trim(before.name)) patch.name = trim(form.name)
  if (trim(form.note || '') !== trim(before.note)) patch.note = trim(form.note || '')
  if (form.lead_department && form.lead_department !== before.lead_department) patch.lead_department = form.lead_department
  if (memberKey(form.members) !== memberKey(before.members)) patch.members = membersBody(form.members)
  return patch
}

// ---- 海关风险评估记录 (GET /api/v1/customs/assessments) ----------------------------

export const RISK_LEVELS = [
  { code: 'high', label: '高风险' },
  { code: 'medium', label: '中风险' },
  { code: 'low', label: '低风险' },
]
export const RECOMMENDATIONS = [
  { code: '重点查验', label: '重点查验' },
  { code: '查验', label: '查验' },
  { code: '放行', label: '放行' },
]

export const ASSESSMENT_LIST = listSchema({
  level: { type: 'string', options: RISK_LEVELS.map((l) => l.code) },
  recommendation: { type: 'string', options: RECOMMENDATIONS.map((r) => r.code) },
  consignor: { type: 'string' },
  consignee: { type: 'string' },
  hs_code: { type: 'string' },
  q: { type: 'string' },
  from: { type: 'date', bound: 'start' },
  to: { type: 'date', bound: 'end' },
})

// A typed HS code filter: digits only (the API answers 422 otherwise).
export function hsCodeProblem(v) {
  if (blank(v)) return ''
  return /^\d{1,10}$/.test(String(v).trim()) ? '' : '商品编码应为 1–10 位数字'
}

// The reasons of an assessment, highest points first, with the rule's label.
export function reasonRows(a, ruleLabels = {}) {
  return [...(a?.reasons || [])]
    .map((r) => ({ rule: r.rule, label: ruleLabels[r.rule] || r.rule, points: Number(r.points) || 0, reason: r.reason || '' }))
    .sort((x, y) => y.points - x.points)
}

// "象牙手镯 …" cut for a table cell without splitting a character.
export function shortText(text, max = 40) {
  const chars = [...(text || '')]
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}

export const textTooLong = (v, max = 200) => utf8Length(v) > max
