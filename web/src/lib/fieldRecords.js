// 场所检查、运输检查、海关 (issue 7): vocabularies as the API names them and
// the URL schemas of their lists (lib/listQuery.js).
import { listSchema } from './listQuery.js'

export const PLACE_TYPES = [
  { code: 'farmers_market', label: '农贸市场' },
  { code: 'flower_bird_market', label: '花鸟市场' },
  { code: 'market_shop', label: '市场商户' },
  { code: 'restaurant', label: '宾馆饭店' },
  { code: 'breeding_farm', label: '养殖场(户)' },
  { code: 'exhibition', label: '展演展示单位' },
  { code: 'tool_shop', label: '猎具渔具店' },
  { code: 'processing_plant', label: '加工厂' },
  { code: 'other', label: '其他' },
]
export const PLACE_STATUSES = [
  { code: 'active', label: '正常经营', tag: 'success' },
  { code: 'rectifying', label: '整改中', tag: 'warning' },
  { code: 'closed', label: '取缔', tag: 'info' },
]
export const LICENCE_TAGS = { valid: 'success', expiring: 'warning', expired: 'danger', not_yet_valid: 'info', none: 'info' }

export const FINDING_KINDS = [
  { code: 'illegal_sale', label: '非法出售' },
  { code: 'unlicensed_breeding', label: '无证繁育' },
  { code: 'over_licence', label: '超许可数量' },
  { code: 'banned_tools', label: '销售禁用猎捕工具' },
  { code: 'wild_game_menu', label: '野味上菜单' },
  { code: 'no_source_proof', label: '无合法来源证明' },
  { code: 'other', label: '其他' },
]
export const RECTIFICATION_TAGS = { open: 'warning', done: 'success', not_done: 'danger' }

export const CHECK_KINDS = [
  { code: 'checkpoint', label: '公路检查站' },
  { code: 'logistics', label: '物流寄递' },
  { code: 'express', label: '快递' },
  { code: 'bus_station', label: '客运站' },
  { code: 'other', label: '其他' },
]
export const CHECK_FINDINGS = [
  { code: 'none', label: '未发现' },
  { code: 'wildlife', label: '野生动物' },
  { code: 'wildlife_product', label: '野生动物制品' },
  { code: 'banned_tool', label: '禁用猎捕工具/渔具' },
  { code: 'other', label: '其他' },
]
// Who takes over a transport finding (五(五)); empty = as the duties say.
export const HANDOVER_DEPARTMENTS = [
  { code: '', label: '按职责自动确定' },
  { code: 'LC', label: '林草局' },
  { code: 'NY', label: '农业农村局' },
  { code: 'SJ', label: '市场监管局' },
]

export const DECLARATION_KINDS = [
  { code: 'cargo', label: '货物' },
  { code: 'postal', label: '邮递物品' },
  { code: 'passenger', label: '旅客行李物品' },
]
export const RISK_TAGS = { high: 'danger', medium: 'warning', low: 'success' }
export const REASON_RULES = {
  origin_country: '原产国',
  transit_country: '经停国',
  hs_code: '商品编码',
  description: '申报品名',
  consignor: '发货人',
  consignee: '收货人',
  value: '申报价值',
}
export const PRODUCT_TYPES = [
  { code: 'raw_ivory', label: '原牙' },
  { code: 'worked_ivory', label: '象牙制品' },
  { code: 'scales', label: '鳞片' },
  { code: 'horn', label: '角' },
  { code: 'skin', label: '皮张' },
  { code: 'bone', label: '骨' },
  { code: 'live', label: '活体' },
  { code: 'meat', label: '肉类' },
  { code: 'other', label: '其他' },
]

const labelIn = (list) => (code) => list.find((x) => x.code === code)?.label || code || '—'
export const placeTypeLabel = labelIn(PLACE_TYPES)
export const placeStatus = (code) => PLACE_STATUSES.find((s) => s.code === code) || { label: code || '—', tag: 'info' }
export const findingKindLabel = labelIn(FINDING_KINDS)

// "CN, VN 越南" style country lists typed by a person → ['CN', 'VN'].
export function countryCodes(text) {
  return [...new Set(String(text || '').toUpperCase().split(/[^A-Z]+/).filter((c) => c.length === 2))]
}

// A seizure's trade chain as steps for a timeline: origins → export → transits → destination → discovery.
export function tradeChain(z) {
  const steps = []
  for (const o of z.origins || []) steps.push({ role: '原产地', country: o.country, note: o.share_pct != null ? `占 ${o.share_pct}%` : '' })
  if (z.export_country) steps.push({ role: '出口国', country: z.export_country, note: '' })
  for (const t of z.transit || []) steps.push({ role: '经停/转运', country: t.country, note: t.chain_of_custody ? '已证实经过（监管链）' : '推定经过' })
  if (z.destination_country) steps.push({ role: '目的地', country: z.destination_country, note: '' })
  if (z.discovery_country || z.discovery_place) steps.push({ role: '查获地', country: z.discovery_country || '', note: z.discovery_place || '' })
  return steps
}

export const PLACE_LIST = listSchema({
  q: { type: 'string' },
  type: { type: 'string', options: PLACE_TYPES.map((t) => t.code) },
  status: { type: 'string', options: PLACE_STATUSES.map((t) => t.code) },
  township: { type: 'string' },
})

export const INSPECTION_LIST = listSchema({
  place_type: { type: 'string', options: PLACE_TYPES.map((t) => t.code) },
  finding_kind: { type: 'string', options: FINDING_KINDS.map((t) => t.code) },
  has_findings: { type: 'boolean' },
  place_id: { type: 'int' },
  from: { type: 'date', bound: 'start' },
  to: { type: 'date', bound: 'end' },
})

export const TRANSPORT_LIST = listSchema({
  kind: { type: 'string', options: CHECK_KINDS.map((t) => t.code) },
  finding: { type: 'string', options: [...CHECK_FINDINGS.map((t) => t.code), 'any'] },
  company_id: { type: 'int' },
  from: { type: 'date', bound: 'start' },
  to: { type: 'date', bound: 'end' },
})

export const SEIZURE_LIST = listSchema({
  product_type: { type: 'string', options: PRODUCT_TYPES.map((t) => t.code) },
  from: { type: 'date', bound: 'start' },
  to: { type: 'date', bound: 'end' },
})
