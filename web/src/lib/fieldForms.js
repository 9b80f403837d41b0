// The create/edit forms of the field records (issue 7): empty form state,
// inline checks keyed by the API's field paths (answers/0/result,
// holdings/1/count …, so a 422 from the server lands on the same inputs)
// and the request bodies built from the form — only the fields the API
// knows, no empty strings.
import { utf8Length } from './validation.js'

const trim = (v) => (typeof v === 'string' ? v.trim() : v)
const blank = (v) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '')
// The date pickers take and give epoch milliseconds as numbers (value-format="x"): a
// string of digits would be read as a date text (the picker showed the year 1796).
export const toMs = (v) => (blank(v) ? null : Number(v))
// Sets body[key] when the value is not blank.
function put(body, key, value) {
  const v = trim(value)
  if (!blank(v)) body[key] = v
}
// A non-negative integer typed or picked (el-input-number gives numbers, inputs strings).
function wholeNumber(v) {
  if (blank(v)) return null
  const n = Number(v)
  return Number.isInteger(n) && n >= 0 ? n : NaN
}
const FUTURE_SLACK_MS = 5 * 60 * 1000

// ---- 登记检查 (POST /api/v1/inspections) --------------------------------------

export const ANSWER_RESULTS = [
  { code: 'pass', label: '合格' },
  { code: 'fail', label: '不合格' },
  { code: 'na', label: '不适用' },
]

export function emptyInspection(now = Date.now()) {
  return { place_id: null, group_id: null, inspected_at: now, answers: [], holdings: [], findings: [], conclusion: '' }
}

// One answer row per checklist item (code and text kept for display), "pass" preset.
export function answersFor(checklist) {
  return (checklist?.items || []).map((i) => ({ code: i.code, text: i.text, finding_kind: i.finding_kind || '', result: 'pass', note: '' }))
}
export const emptyHolding = () => ({ species: '', species_id: null, count: null })
export const emptyFinding = (kind = '') => ({ kind, note: '', evidence: [] })

// The findings a failed answer suggests and that are not yet listed.
export function suggestedFindings(form) {
  const listed = new Set(form.findings.map((f) => f.kind))
  const out = []
  for (const a of form.answers)
    if (a.result === 'fail' && a.finding_kind && !listed.has(a.finding_kind)) {
      listed.add(a.finding_kind)
      out.push(a.finding_kind)
    }
  return out
}

export function validateInspection(form, now = Date.now()) {
  const e = {}
  if (!form.place_id) e.place_id = '请选择被检查的场所'
  const at = toMs(form.inspected_at)
  if (at == null) e.inspected_at = '请选择检查时间'
  else if (at > now + FUTURE_SLACK_MS) e.inspected_at = '检查时间不能晚于现在'
  form.answers.forEach((a, k) => {
    if (!['pass', 'fail', 'na'].includes(a.result)) e[`answers/${k}/result`] = '请选择结果'
    if (a.result === 'fail' && blank(a.note)) e[`answers/${k}/note`] = '不合格项请说明情况'
    if (utf8Length(a.note) > 1000) e[`answers/${k}/note`] = '说明过长'
  })
  form.holdings.forEach((h, k) => {
    if (blank(h.species)) e[`holdings/${k}/species`] = '请填写物种'
    const n = wholeNumber(h.count)
    if (n === null) e[`holdings/${k}/count`] = '请填写清点数量'
    else if (Number.isNaN(n) || n > 10_000_000) e[`holdings/${k}/count`] = '数量应为 0 到 1000 万之间的整数'
  })
  form.findings.forEach((f, k) => {
    if (blank(f.kind)) e[`findings/${k}/kind`] = '请选择问题类型'
    if (utf8Length(f.note) > 2000) e[`findings/${k}/note`] = '说明过长'
  })
  if (utf8Length(form.conclusion) > 4000) e.conclusion = '检查结论过长'
  return e
}

export function inspectionBody(form) {
  const body = { place_id: Number(form.place_id), inspected_at: toMs(form.inspected_at) }
  if (form.group_id) body.group_id = Number(form.group_id)
  body.answers = form.answers.map((a) => {
    const x = { code: a.code, result: a.result }
    put(x, 'note', a.note)
    return x
  })
  body.holdings = form.holdings.map((h) => {
    const x = { species: trim(h.species), count: Number(h.count) }
    if (h.species_id) x.species_id = h.species_id
    return x
  })
  body.findings = form.findings.map((f) => {
    const x = { kind: f.kind }
    put(x, 'note', f.note)
    const ids = (f.evidence || []).map((ev) => ev.id)
    if (ids.length) x.evidence_ids = ids
    return x
  })
  put(body, 'conclusion', form.conclusion)
  return body
}

// ---- 登记运输检查 (POST /api/v1/transport-checks) -------------------------------

export function emptyTransportCheck(now = Date.now()) {
  return {
    kind: 'checkpoint', place_text: '', point: null, checked_at: now, company: '', waybill_no: '',
    sender_name: '', sender_phone: '', receiver_name: '', receiver_phone: '', vehicle_plate: '',
    route_origin: '', route_destination: '', goods: '', spot_check: false,
    finding: 'none', finding_note: '', species_text: '', quantity: null, weight_kg: null, photos: [],
  }
}

const PHONE_RE = /^[0-9+\-\s()]{5,30}$/

export function validateTransportCheck(form, now = Date.now()) {
  const e = {}
  if (blank(form.kind)) e.kind = '请选择检查地点类型'
  const at = toMs(form.checked_at)
  if (at == null) e.checked_at = '请选择检查时间'
  else if (at > now + FUTURE_SLACK_MS) e.checked_at = '检查时间不能晚于现在'
  if ((form.kind === 'logistics' || form.kind === 'express') && blank(form.company)) e.company = '物流寄递、快递检查须填写企业名称'
  for (const k of ['sender_phone', 'receiver_phone']) if (!blank(form[k]) && !PHONE_RE.test(form[k].trim())) e[k] = '请输入正确的电话号码'
  if (form.finding && form.finding !== 'none' && blank(form.finding_note) && blank(form.species_text)) e.finding_note = '发现问题时请填写情况说明或物种'
  const q = wholeNumber(form.quantity)
  if (Number.isNaN(q)) e.quantity = '数量应为非负整数'
  if (!blank(form.weight_kg) && !(Number(form.weight_kg) >= 0)) e.weight_kg = '重量应为非负数'
  const limits = { place_text: 500, company: 200, waybill_no: 200, sender_name: 200, receiver_name: 200, vehicle_plate: 32, route_origin: 200, route_destination: 200, goods: 2000, finding_note: 2000, species_text: 200 }
  for (const [k, max] of Object.entries(limits)) if (!e[k] && utf8Length(form[k]) > max) e[k] = '内容过长'
  return e
}

export function transportCheckBody(form) {
  const body = { kind: form.kind, checked_at: toMs(form.checked_at), spot_check: !!form.spot_check, finding: form.finding || 'none' }
  for (const k of ['place_text', 'company', 'waybill_no', 'sender_name', 'sender_phone', 'receiver_name', 'receiver_phone', 'vehicle_plate', 'route_origin', 'route_destination', 'goods'])
    put(body, k, form[k])
  if (form.point) {
    body.lon = Math.round(form.point.lon * 1e6) / 1e6
    body.lat = Math.round(form.point.lat * 1e6) / 1e6
  }
  if (body.finding !== 'none') {
    put(body, 'finding_note', form.finding_note)
    put(body, 'species_text', form.species_text)
    if (!blank(form.quantity)) body.quantity = Number(form.quantity)
    if (!blank(form.weight_kg)) body.weight_kg = Number(form.weight_kg)
  }
  const ids = (form.photos || []).map((p) => p.id)
  if (ids.length) body.evidence_ids = ids
  return body
}

// ---- 场所 (POST /api/v1/places, PATCH /api/v1/places/{id}) --------------------

export const PLACE_TEXT_FIELDS = ['name', 'address', 'township', 'operator', 'contact_phone', 'business_licence_no', 'note']
export const MARKET_TYPES = ['farmers_market', 'flower_bird_market']

export const emptyLicence = () => ({ licence_no: '', issuer: '', valid_from: '', valid_to: '', species: [{ species: '', species_id: null, quantity: null }] })

export function emptyPlace() {
  return { place_type: '', name: '', address: '', township: '', operator: '', contact_phone: '', business_licence_no: '', note: '', parent_id: null, point: null, licences: [] }
}

// The form state of an existing place (GET answer), for editing.
export function placeForm(p) {
  const f = emptyPlace()
  f.place_type = p.place_type
  for (const k of PLACE_TEXT_FIELDS) f[k] = p[k] ?? ''
  f.parent_id = p.parent_id ?? null
  f.point = p.lon != null && p.lat != null ? { lon: p.lon, lat: p.lat } : null
  f.licences = (p.licences || []).map((l) => ({
    licence_no: l.licence_no,
    issuer: l.issuer || '',
    valid_from: l.valid_from ? Date.parse(l.valid_from) : '',
    valid_to: l.valid_to ? Date.parse(l.valid_to) : '',
    species: (l.species || []).map((s) => ({ species: s.species, species_id: s.species_id ?? null, quantity: s.quantity })),
  }))
  return f
}

export function validatePlace(form) {
  const e = {}
  if (blank(form.place_type)) e.place_type = '请选择场所类型'
  if (blank(form.name)) e.name = '请填写场所名称'
  else if (utf8Length(form.name) > 200) e.name = '名称过长'
  if (form.place_type === 'market_shop' && !form.parent_id) e.parent_id = '市场商户须选择所在市场'
  if (!blank(form.contact_phone) && !PHONE_RE.test(form.contact_phone.trim())) e.contact_phone = '请输入正确的电话号码'
  if (utf8Length(form.address) > 500) e.address = '地址过长'
  if (utf8Length(form.note) > 4000) e.note = '备注过长'
  form.licences.forEach((l, i) => {
    const at = `licences/${i}/`
    if (blank(l.licence_no)) e[`${at}licence_no`] = '请填写许可证编号'
    if (blank(l.valid_to)) e[`${at}valid_to`] = '请选择有效期至'
    else if (!blank(l.valid_from) && Number(l.valid_to) < Number(l.valid_from)) e[`${at}valid_to`] = '有效期至应晚于起始日期'
    if (!l.species.length) e[`${at}species`] = '请至少填写一种许可物种'
    l.species.forEach((s, k) => {
      if (blank(s.species)) e[`${at}species/${k}/species`] = '请填写物种'
      const n = wholeNumber(s.quantity)
      if (n === null) e[`${at}species/${k}/quantity`] = '请填写许可数量'
      else if (Number.isNaN(n)) e[`${at}species/${k}/quantity`] = '数量应为非负整数'
    })
  })
  return e
}

function licencesBody(licences) {
  return licences.map((l) => {
    const x = { licence_no: trim(l.licence_no), valid_to: toMs(l.valid_to) }
    put(x, 'issuer', l.issuer)
    if (!blank(l.valid_from)) x.valid_from = toMs(l.valid_from)
    x.species = l.species.map((s) => {
      const y = { species: trim(s.species), quantity: Number(s.quantity) }
      if (s.species_id) y.species_id = s.species_id
      return y
    })
    return x
  })
}

export function placeBody(form, { ownerDepartment } = {}) {
  const body = { place_type: form.place_type }
  for (const k of PLACE_TEXT_FIELDS) put(body, k, form[k])
  if (form.place_type === 'market_shop' && form.parent_id) body.parent_id = Number(form.parent_id)
  if (form.point) {
    body.lon = Math.round(form.point.lon * 1e6) / 1e6
    body.lat = Math.round(form.point.lat * 1e6) / 1e6
  }
  if (form.licences.length) body.licences = licencesBody(form.licences)
  if (ownerDepartment) body.owner_department = ownerDepartment
  return body
}

// A PATCH: only what changed against the place as loaded. Licences are
// replaced as a whole, so they go whenever any of them changed. A cleared
// text field is sent as "" (the API keeps a missing field as it is).
export function placePatch(original, form) {
  const before = placeForm(original)
  const patch = {}
  if (form.place_type !== before.place_type) patch.place_type = form.place_type
  for (const k of PLACE_TEXT_FIELDS) if (trim(form[k] ?? '') !== trim(before[k] ?? '')) patch[k] = trim(form[k] ?? '')
  if ((form.parent_id ?? null) !== (before.parent_id ?? null) && form.parent_id) patch.parent_id = Number(form.parent_id)
  const pt = (p) => (p ? `${Math.round(p.lon * 1e6)},${Math.round(p.lat * 1e6)}` : '')
  if (pt(form.point) !== pt(before.point) && form.point) {
    patch.lon = Math.round(form.point.lon * 1e6) / 1e6
    patch.lat = Math.round(form.point.lat * 1e6) / 1e6
  }
  if (JSON.stringify(licencesBody(form.licences)) !== JSON.stringify(licencesBody(before.licences))) patch.licences = licencesBody(form.licences)
  return patch
}

// 取缔: status closed with the date and the basis (decision number, law).
export function validateClosure(values, now = Date.now()) {
  const e = {}
  if (blank(values.closure_basis)) e.closure_basis = '请填写取缔依据（决定书文号、法律依据）'
  else if (utf8Length(values.closure_basis) > 500) e.closure_basis = '取缔依据过长'
  const at = toMs(values.closed_at)
  if (at == null) e.closed_at = '请选择取缔日期'
  else if (at > now + FUTURE_SLACK_MS) e.closed_at = '取缔日期不能晚于现在'
  return e
}
export const closureBody = (values) => ({ status: 'closed', closed_at: toMs(values.closed_at), closure_basis: trim(values.closure_basis) })

// Errors of one entry (items/0/…) with the prefix taken off.
export function errorsUnder(errors, prefix) {
  const out = {}
  for (const [k, v] of Object.entries(errors)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v
  return out
}

// ---- 登记查获 (POST /api/v1/seizures) -------------------------------------------

const COUNTRY_RE = /^[A-Z]{2}$/
export const emptyOrigin = () => ({ country: '', share_pct: null })
export const emptyTransit = () => ({ country: '', chain_of_custody: false })

export function emptySeizure(now = Date.now()) {
  return {
    reference_no: '', seized_at: now, discovery_place: '', discovery_country: 'CN', species_text: '', product_type: '',
    quantity_pieces: null, weight_kg: null, origins: [emptyOrigin()], export_country: '', transit: [], destination_country: 'CN',
    consignor: '', consignee: '', note: '', point: null,
  }
}

const upper = (v) => String(v || '').trim().toUpperCase()

export function validateSeizure(form, now = Date.now()) {
  const e = {}
  const at = toMs(form.seized_at)
  if (at == null) e.seized_at = '请选择查获时间'
  else if (at > now + FUTURE_SLACK_MS) e.seized_at = '查获时间不能晚于现在'
  if (blank(form.species_text)) e.species_text = '请填写物种'
  if (blank(form.product_type)) e.product_type = '请选择物品类型'
  if (Number.isNaN(wholeNumber(form.quantity_pieces))) e.quantity_pieces = '件数应为非负整数'
  else if (blank(form.quantity_pieces) && blank(form.weight_kg)) e.quantity_pieces = '请填写件数或重量'
  if (!blank(form.weight_kg) && !(Number(form.weight_kg) >= 0)) e.weight_kg = '重量应为非负数'
  for (const k of ['discovery_country', 'export_country', 'destination_country'])
    if (!blank(form[k]) && !COUNTRY_RE.test(upper(form[k]))) e[k] = '请填写两位国家代码，如 NG'
  let shares = 0
  form.origins.forEach((o, i) => {
    if (!COUNTRY_RE.test(upper(o.country))) e[`origins/${i}/country`] = '请填写两位国家代码'
    if (!blank(o.share_pct)) {
      const s = Number(o.share_pct)
      if (!(s >= 0 && s <= 100)) e[`origins/${i}/share_pct`] = '占比应在 0 到 100 之间'
      else shares += s
    }
  })
  if (shares > 100.0001) e.origins = `各原产地占比合计 ${shares}%，不能超过 100%`
  form.transit.forEach((t, i) => {
    if (!COUNTRY_RE.test(upper(t.country))) e[`transit/${i}/country`] = '请填写两位国家代码'
  })
  return e
}

export function seizureBody(form) {
  const body = { seized_at: toMs(form.seized_at), species_text: trim(form.species_text), product_type: form.product_type }
  for (const k of ['reference_no', 'discovery_place', 'consignor', 'consignee', 'note']) put(body, k, form[k])
  for (const k of ['discovery_country', 'export_country', 'destination_country']) if (!blank(form[k])) body[k] = upper(form[k])
  if (!blank(form.quantity_pieces)) body.quantity_pieces = Number(form.quantity_pieces)
  if (!blank(form.weight_kg)) body.weight_kg = Number(form.weight_kg)
  body.origins = form.origins.map((o) => (blank(o.share_pct) ? { country: upper(o.country) } : { country: upper(o.country), share_pct: Number(o.share_pct) }))
  body.transit = form.transit.map((t) => ({ country: upper(t.country), chain_of_custody: !!t.chain_of_custody }))
  // The point of discovery (WGS-84), as on transport checks.
  if (form.point) {
    body.lon = Math.round(form.point.lon * 1e6) / 1e6
    body.lat = Math.round(form.point.lat * 1e6) / 1e6
  }
  return body
}

// ---- 海关规则 (PUT /api/v1/customs/rules): the document as JSON text --------------

// { rules } to send, or { error } when the text is not a JSON object.
export function parseRulesText(text) {
  let rules
  try {
    rules = JSON.parse(text)
  } catch (err) {
    return { error: `不是有效的 JSON：${err.message}` }
  }
  if (!rules || typeof rules !== 'object' || Array.isArray(rules)) return { error: '规则应为一个 JSON 对象' }
  return { rules }
}

// ---- 联合检查组 (POST /api/v1/inspection-groups) ---------------------------------

// members: [{ user: { id, display_name, department_code }, leader }]
export const emptyGroup = () => ({ name: '', lead_department: '', note: '', members: [] })

export function validateGroup(form) {
  const e = {}
  if (blank(form.name)) e.name = '请填写检查组名称'
  else if (utf8Length(form.name) > 200) e.name = '名称过长'
  if (!form.members.length) e.members = '请选择成员'
  else if (new Set(form.members.map((m) => m.user.department_code)).size < 2) e.members = '联合检查组的成员须来自至少两个部门'
  if (utf8Length(form.note) > 4000) e.note = '备注过长'
  return e
}

export function groupBody(form) {
  const body = { name: trim(form.name), members: form.members.map((m) => ({ user_id: m.user.id, leader: !!m.leader })) }
  put(body, 'lead_department', form.lead_department)
  put(body, 'note', form.note)
  return body
}

// ---- 检查清单 (PUT /api/v1/inspection-checklists/{type}) --------------------------

const ITEM_CODE_RE = /^[a-z0-9_]{1,40}$/

export function validateChecklist(items) {
  const e = {}
  const seen = new Set()
  if (!items.length) e.items = '请至少保留一项'
  if (items.length > 60) e.items = '检查项最多 60 项'
  items.forEach((it, k) => {
    const code = trim(it.code)
    if (!ITEM_CODE_RE.test(code || '')) e[`items/${k}/code`] = '编码为小写字母、数字或下划线（40 个字符以内）'
    else if (seen.has(code)) e[`items/${k}/code`] = '编码重复'
    seen.add(code)
    if (blank(it.text)) e[`items/${k}/text`] = '请填写检查内容'
    else if (utf8Length(it.text) > 500) e[`items/${k}/text`] = '内容过长'
  })
  return e
}

export const checklistBody = (items) => ({
  items: items.map((it) => {
    const x = { code: trim(it.code), text: trim(it.text) }
    put(x, 'finding_kind', it.finding_kind)
    return x
  }),
})

// A code for a new item that is not yet taken (item_1, item_2 …).
export function nextItemCode(items) {
  const taken = new Set(items.map((i) => i.code))
  let n = items.length + 1
  while (taken.has(`item_${n}`)) n++
  return `item_${n}`
}

// ---- 巡护计划 (POST /api/v1/patrol-plans) -----------------------------------------

export const emptyPlan = () => ({ team: '', period: [], target_patrols: null, target_km: null, note: '' })

export function validatePlan(form) {
  const e = {}
  if (blank(form.team)) e.team = '请填写巡护队'
  const [from, to] = (form.period || []).map(toMs)
  if (from == null || to == null) e.period_from = '请选择计划期间'
  else if (to < from) e.period_to = '结束日期不能早于开始日期'
  const n = wholeNumber(form.target_patrols)
  if (Number.isNaN(n)) e.target_patrols = '目标次数应为非负整数'
  if (!blank(form.target_km) && !(Number(form.target_km) >= 0)) e.target_km = '目标里程应为非负数'
  if (!e.target_patrols && !e.target_km && !(n > 0) && !(Number(form.target_km) > 0)) e.target_patrols = '请至少填写目标巡护次数或目标里程'
  return e
}

// period: two day starts in ms (el-date-picker daterange, value-format="x"); the plan runs to the end of the last day.
export function planBody(zoneId, form) {
  const [from, to] = form.period.map(toMs)
  const body = { zone_id: Number(zoneId), team: trim(form.team), period_from: from, period_to: to + 24 * 3600 * 1000 - 1 }
  if (!blank(form.target_patrols)) body.target_patrols = Number(form.target_patrols)
  if (!blank(form.target_km)) body.target_km = Number(form.target_km)
  put(body, 'note', form.note)
  return body
}

// ---- 新增保护区域 (POST /api/v1/zones, a GeoJSON Feature) -------------------------

export const emptyZone = () => ({ name: '', kind: '', township: '', unit: '', responsible_person: '', responsible_phone: '', ring: [] })

// ring: the drawn polygon's outer ring as [lon, lat] pairs (closed or not).
export function validateZone(form) {
  const e = {}
  if (blank(form.name)) e.name = '请填写区域名称'
  if (blank(form.kind)) e.kind = '请选择区域类型'
  if (!blank(form.responsible_phone) && !PHONE_RE.test(form.responsible_phone.trim())) e.responsible_phone = '请输入正确的电话号码'
  if (openRing(form.ring).length < 3) e.geometry = '请在地图上画出区域边界（至少 3 个点）'
  return e
}

function openRing(ring) {
  const r = ring || []
  if (r.length > 1 && r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1]) return r.slice(0, -1)
  return r
}

const ZONE_TEXT_FIELDS = ['township', 'unit', 'responsible_person', 'responsible_phone']

function zonePolygon(ring) {
  const open = openRing(ring).map(([lon, lat]) => [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6])
  return { type: 'Polygon', coordinates: [[...open, open[0]]] }
}

export function zoneFeature(form) {
  const properties = { name: trim(form.name), kind: form.kind }
  for (const k of ZONE_TEXT_FIELDS) put(properties, k, form[k])
  return { type: 'Feature', properties, geometry: zonePolygon(form.ring) }
}

// ---- 编辑保护区域 (PATCH /api/v1/zones/{id}) ------------------------------------

// The edit form of a zone Feature. Only a plain polygon (one ring, no holes)
// is edited on the map: a MultiPolygon or a ring with holes (usually
// imported from a survey file) keeps its shape unless redrawn, and
// `simpleShape` says which case this is.
export function zoneForm(feature) {
  const p = feature.properties || {}
  const g = feature.geometry || {}
  const simpleShape = g.type === 'Polygon' && (g.coordinates || []).length === 1
  const form = { name: p.name ?? '', kind: p.kind ?? '', ring: simpleShape ? g.coordinates[0] : [], simpleShape }
  for (const k of ZONE_TEXT_FIELDS) form[k] = p[k] ?? ''
  return form
}

// Only what changed: emptied optional fields are sent as "" (cleared); the
// boundary is sent when it was redrawn or a vertex moved. null: no change.
export function zonePatch(original, form) {
  const before = zoneForm(original)
  const properties = {}
  if (trim(form.name) !== trim(before.name)) properties.name = trim(form.name)
  if (form.kind !== before.kind) properties.kind = form.kind
  for (const k of ZONE_TEXT_FIELDS) if (trim(form[k] ?? '') !== trim(before[k] ?? '')) properties[k] = trim(form[k] ?? '')
  const patch = { type: 'Feature' }
  if (Object.keys(properties).length) patch.properties = properties
  const ringKey = (r) => JSON.stringify(zonePolygon(r).coordinates)
  if (openRing(form.ring).length >= 3 && (!before.simpleShape || ringKey(form.ring) !== ringKey(before.ring))) patch.geometry = zonePolygon(form.ring)
  return patch.properties || patch.geometry ? patch : null
}

// The edit form's checks: as for a new zone, except that a complex shape
// left alone needs no drawn ring.
export function validateZoneEdit(form) {
  const e = validateZone(form)
  if (!form.simpleShape && openRing(form.ring).length === 0) delete e.geometry
  return e
}
