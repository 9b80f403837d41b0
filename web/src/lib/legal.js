// Forms and answers of the legal engine: the case item form (species from
// the catalog, a value only with its basis), the 行刑衔接研判 request
// (POST /api/v1/law/offences) and the words the panels show for its answer
// and for GET /api/v1/cases/{id}/legal. The server checks again.

const MONEY = /^\d{1,12}(\.\d{1,2})?$/
const blank = (v) => v === undefined || v === null || String(v).trim() === ''

export function isMoney(text) {
  return MONEY.test(String(text ?? '').trim())
}

// ---- case items (CaseItem in openapi.json) --------------------------------

export function emptyCaseItem() {
  return {
    species: '',
    species_id: null,
    count: null,
    unit: '只',
    weight_kg: null,
    part: 'whole_dead',
    origin: 'unknown',
    disposition: 'pending',
    value_yuan: '',
    value_basis: '',
    evidence_id: null,
    note: '',
  }
}

// { field: message } for one item form.
// The form values of a recorded item, for correcting it (PATCH replaces the
// whole item): zero quantities were "not given", the value becomes text.
export function caseItemFromRecord(rec) {
  const item = emptyCaseItem()
  for (const k of Object.keys(item)) if (rec[k] !== undefined && rec[k] !== null) item[k] = rec[k]
  for (const k of ['count', 'weight_kg']) item[k] = Number(rec[k]) > 0 ? Number(rec[k]) : null
  item.value_yuan = rec.value_yuan === null || rec.value_yuan === undefined ? '' : String(rec.value_yuan)
  item.value_basis = rec.value_basis || ''
  return item
}

export function validateCaseItem(item) {
  const e = {}
  if (blank(item.species)) e.species = '请填写物种，最好从名录中选定'
  else if (String(item.species).trim().length > 200) e.species = '物种名称过长'
  const hasValue = !blank(item.value_yuan)
  const hasBasis = !blank(item.value_basis)
  if (hasValue && !isMoney(item.value_yuan)) e.value_yuan = '请输入金额（元），最多两位小数'
  if (hasValue && !hasBasis) e.value_basis = '填写价值时须注明依据（鉴定意见、销赃数额等）'
  if (hasBasis && !hasValue) e.value_yuan = '填写了价值依据，请同时填写价值'
  if (hasBasis && String(item.value_basis).trim().length > 200) e.value_basis = '依据过长（200 字以内）'
  for (const k of ['count', 'weight_kg']) if (item[k] != null && item[k] !== '' && !(Number(item[k]) >= 0)) e[k] = '不能为负数'
  return e
}

// The JSON of one item: no empty strings, the value as a string of yuan
// with its basis, the catalog id only when a species was picked.
export function caseItemBody(item) {
  const out = { species: String(item.species).trim() }
  if (item.species_id) out.species_id = item.species_id
  if (item.count != null && item.count !== '') out.count = Number(item.count)
  if (item.weight_kg != null && item.weight_kg !== '') out.weight_kg = Number(item.weight_kg)
  for (const k of ['unit', 'part', 'origin', 'disposition', 'note']) if (!blank(item[k])) out[k] = String(item[k]).trim()
  if (item.evidence_id) out.evidence_id = item.evidence_id
  if (!blank(item.value_yuan)) {
    out.value_yuan = String(item.value_yuan).trim()
    out.value_basis = String(item.value_basis).trim()
  }
  return out
}

export const VALUE_BASIS_SUGGESTIONS = ['鉴定意见', '销赃数额', '价值评估（基准价值）', '实际交易价格']

// ---- answers (shared by the case panel and the 研判 form) -----------------

const STATUS_TAG = { made_out: 'danger', undetermined: 'warning', not_made_out: 'info' }
export function offenceTagType(status) {
  return STATUS_TAG[status] || 'info'
}

// The banner of an answer: tone and title.
export function conclusionOf(answer) {
  if (!answer) return null
  if (answer.applicable === false) return { type: 'info', title: answer.conclusion }
  if (answer.suspected_crime) return { type: 'error', title: answer.transfer || '涉嫌犯罪，应当移送公安机关', detail: answer.conclusion !== answer.transfer ? answer.conclusion : '' }
  if (answer.needs_appraisal) return { type: 'warning', title: answer.conclusion || '价值或数量待鉴定，暂不能判断是否涉嫌犯罪' }
  return { type: 'success', title: answer.conclusion || '未达到入罪标准' }
}

// The reasons a crime is suspected: the top-level list (case review) or
// those of the offences made out (研判 form).
export function crimeReasons(answer) {
  if (!answer) return []
  if (Array.isArray(answer.reasons)) return answer.reasons
  return (answer.offences || []).filter((o) => o.status === 'made_out').flatMap((o) => o.reasons || [])
}

// An item's value and where it came from: 案件记录 (with its basis), 价值评估,
// or 需鉴定 when neither gives one.
export function itemValue(item) {
  const assessed = item.assessment
  const source = item.value_source || (assessed ? '价值评估' : '填写的价值')
  if (item.value_yuan == null) {
    return { known: false, text: '需鉴定', source, why: assessed?.unknown_reason || '' }
  }
  const basis = item.value_basis ? `（${item.value_basis}）` : ''
  return { known: true, text: `${formatYuanText(item.value_yuan)} 元`, source: `${source}${basis}`, why: assessed?.display && assessed.display !== item.value_yuan ? assessed.display : '' }
}

// "25000.00" → "25,000.00".
export function formatYuanText(text) {
  const [int, frac] = String(text).split('.')
  return `${Number(int).toLocaleString('zh-CN')}${frac !== undefined ? `.${frac}` : ''}`
}

// A fine range of an administrative penalty.
export function fineRangeText(p) {
  const min = p.fine_min_yuan
  const max = p.fine_max_yuan
  if (min == null && max == null) return ''
  if (min != null && max != null) return `${formatYuanText(min)} 元至 ${formatYuanText(max)} 元`
  return min != null ? `${formatYuanText(min)} 元以上` : `${formatYuanText(max)} 元以下`
}

// ---- 行刑衔接研判 (POST /api/v1/law/offences) ------------------------------

export const BEHAVIOURS = [
  { code: 'hunting', label: '猎捕' },
  { code: 'killing', label: '杀害' },
  { code: 'purchase', label: '收购' },
  { code: 'transport', label: '运输' },
  { code: 'sale', label: '出售' },
  { code: 'eating', label: '食用' },
  { code: 'fishing', label: '捕捞' },
  { code: 'smuggling', label: '走私' },
  { code: 'breeding', label: '人工繁育' },
]

export const CIRCUMSTANCE_GROUPS = [
  {
    title: '地点、时间与方法',
    items: [
      { key: 'closed_hunting_area', label: '禁猎区' },
      { key: 'closed_hunting_season', label: '禁猎期' },
      { key: 'banned_hunting_tools', label: '使用禁用的工具、方法狩猎' },
      { key: 'closed_fishing_area', label: '禁渔区' },
      { key: 'closed_fishing_season', label: '禁渔期' },
      { key: 'banned_fishing_tools', label: '使用禁用的工具、方法捕捞' },
      { key: 'destructive_fishing', label: '电鱼、毒鱼、炸鱼等' },
      { key: 'germplasm_reserve', label: '水产种质资源保护区内捕捞' },
      { key: 'marine_waters', label: '海洋水域' },
    ],
  },
  {
    title: '从重情节',
    items: [
      { key: 'prior_admin_penalty_within_2y', label: '二年内曾因破坏野生动物资源受过行政处罚' },
      { key: 'crime_group_leader', label: '犯罪集团的首要分子' },
      { key: 'special_vehicle', label: '为逃避监管使用特种交通工具' },
      { key: 'serious_research_impact', label: '严重影响野生动物科研工作' },
      { key: 'violent_resistance', label: '暴力抗拒、阻碍依法执行职务' },
      { key: 'serious_damage', label: '对资源、栖息地或水域生态造成严重损害' },
      { key: 'multiple_boats', label: '纠集多条船只非法捕捞' },
      { key: 'fishing_as_business', label: '以非法捕捞为业' },
      { key: 'animal_died_or_unrecoverable', label: '造成动物死亡或动物、制品无法追回' },
    ],
  },
  {
    title: '从宽情节',
    items: [
      { key: 'full_restitution_and_remorse', label: '全部退赃退赔，确有悔罪表现' },
      { key: 'voluntary_penalty_and_restoration', label: '自愿接受行政处罚、积极修复生态环境' },
      { key: 'captive_pet_trade', label: '人工繁育技术成熟、已成规模，作为宠物买卖、运输' },
    ],
  },
  {
    title: '其他',
    items: [
      { key: 'for_eating', label: '以食用为目的' },
      { key: 'knowingly_handling_criminal_catch', label: '明知是犯罪所得的猎获物、水产品' },
      { key: 'by_unit', label: '单位实施' },
    ],
  },
]

export function emptyOffenceItem() {
  return { species: '', species_id: null, origin: 'wild', quantity: 'count', count: null, weight_kg: null, valueMode: 'assess', value_yuan: '', part: 'whole' }
}

export function emptyOffencesForm() {
  return { behaviour: '', place_type: '', direction: '', items: [emptyOffenceItem()], circumstances: [] }
}

// { field: message }; item fields as items/N/field.
export function validateOffences(form) {
  const e = {}
  if (!form.behaviour) e.behaviour = '请选择行为'
  if (!form.items.length) e.items = '请至少填写一项涉案物种'
  form.items.forEach((it, n) => {
    const at = (f) => `items/${n}/${f}`
    if (blank(it.species)) e[at('species')] = '请选择物种'
    if (it.valueMode === 'value') {
      if (blank(it.value_yuan)) e[at('value_yuan')] = '请填写价值，或改为“按基准价值评估”'
      else if (!isMoney(it.value_yuan)) e[at('value_yuan')] = '请输入金额（元），最多两位小数'
    }
    if (it.quantity === 'count' && it.count != null && it.count !== '' && !(Number.isInteger(Number(it.count)) && Number(it.count) >= 1)) e[at('count')] = '数量应为正整数'
    if (it.quantity === 'weight' && it.weight_kg != null && it.weight_kg !== '' && !(Number(it.weight_kg) > 0)) e[at('weight_kg')] = '重量应大于 0'
    if (it.valueMode === 'assess') {
      const q = it.quantity === 'count' ? it.count : it.weight_kg
      if (q == null || q === '') e[at(it.quantity === 'count' ? 'count' : 'weight_kg')] = '评估价值需要数量或重量'
    }
  })
  return e
}

export function offencesBody(form) {
  const body = { behaviour: form.behaviour }
  if (form.place_type) body.place_type = form.place_type
  body.items = form.items.map((it) => {
    const out = it.species_id ? { species_id: it.species_id } : { species: String(it.species).trim() }
    if (it.origin && it.origin !== 'wild') out.origin = it.origin
    const weight = it.quantity === 'weight' && it.weight_kg != null && it.weight_kg !== '' ? String(it.weight_kg) : null
    // The weight counts for thresholds by weight (水产品) whatever gives the value.
    if (weight) out.weight_kg = weight
    if (it.valueMode === 'value') {
      out.value_yuan = String(it.value_yuan).trim()
    } else {
      const assess = { part: it.part || 'whole' }
      if (weight) assess.weight_kg = weight
      else if (it.count != null && it.count !== '') assess.count = Number(it.count)
      out.assess = assess
    }
    return out
  })
  const circumstances = {}
  for (const k of form.circumstances) circumstances[k] = true
  if (form.behaviour === 'smuggling' && form.direction) circumstances.direction = form.direction
  if (Object.keys(circumstances).length) body.circumstances = circumstances
  return body
}

// Server field paths (items/0/assess/count) → the form's keys (items/0/count).
export function formErrorsFromServer(fieldErrors) {
  const out = {}
  for (const [field, message] of Object.entries(fieldErrors || {})) {
    const m = /^items\/(\d+)\/(?:assess\/)?(\w+)/.exec(field)
    if (m) {
      const key = m[2] === 'species_id' ? 'species' : m[2]
      out[`items/${m[1]}/${key}`] = message
    } else {
      out[field.split('/')[0]] = message
    }
  }
  return out
}
