// 网络巡查 (online listings) without Vue: vocabularies, what a user may do
// next with a listing, and the original text cut into segments by the
// scanner's spans so the hits can be highlighted.

export const LISTING_RISKS = [
  { code: 'high', label: '高风险', tag: 'danger' },
  { code: 'medium', label: '中风险', tag: 'warning' },
  { code: 'low', label: '低风险', tag: 'info' },
  { code: 'none', label: '无风险', tag: 'info' },
]
export const LISTING_CATEGORIES = [
  { code: 'wildlife', label: '野生动物及制品' },
  { code: 'tool', label: '禁用猎捕工具/渔具' },
  { code: 'marketing', label: '违规宣传' },
  { code: 'none', label: '未归类' },
]
export const LISTING_REVIEW_STATES = [
  { code: 'pending', label: '待审核', tag: 'warning' },
  { code: 'confirmed', label: '确认违法', tag: 'danger' },
  { code: 'dismissed', label: '排除', tag: 'info' },
  { code: 'unflagged', label: '未命中', tag: 'info' },
]
export const LISTING_SORTS = [
  { code: 'queue', label: '按风险（高→低，先到先审）' },
  { code: 'newest', label: '最新收到在前' },
]
export const HIT_CATEGORIES = {
  species: '物种', species_product: '物种制品', product: '制品部位', code: '暗语', intent: '交易意图', contact: '联系方式',
  tool: '猎捕工具/渔具', marketing: '违规宣传', exclusion: '排除词', price: '价格',
}
export const HIT_VIA = { exact: '原文', normalized: '归一化后', pinyin: '拼音/谐音' }

const find = (list, code) => list.find((x) => x.code === code)
export const riskLabel = (c) => find(LISTING_RISKS, c)?.label || c || '—'
export const riskTag = (c) => find(LISTING_RISKS, c)?.tag || 'info'
export const categoryLabel = (c) => find(LISTING_CATEGORIES, c)?.label || c || '—'
export const reviewTag = (c) => find(LISTING_REVIEW_STATES, c)?.tag || 'info'
export const hitCategoryLabel = (c) => HIT_CATEGORIES[c] || c || '—'

// What this user may do with the listing now. The server decides in the
// end (403/409 say why); this only keeps impossible buttons away.
export function listingActions(me, l) {
  const p = me?.permissions || {}
  const canReview = !!p.review_listings
  const senior = me?.role === 'leader' || me?.role === 'office'
  const locked = !!l.takedown_state || !!l.case_id
  const out = { review: false, correct: false, takedown: [], openCase: false }
  if (!l || !canReview) return out
  if (l.review_state === 'pending' || l.review_state === 'unflagged') out.review = true
  // A decided verdict is corrected only by a leader or the office, with a reason, before takedown or a case.
  else if (senior && !locked) out.correct = true
  if (l.review_state === 'confirmed') {
    out.takedown = takedownSteps(l)
    out.openCase = !l.case_id && !!p.create_records
  }
  return out
}

// The takedown steps open from the current state: request → (notified) →
// taken_down → recheck (gone / still online, which may be requested again).
export function takedownSteps(l) {
  switch (l.takedown_state || '') {
    case '':
      return ['request']
    case 'requested':
      return l.platform_notified_at ? ['taken_down'] : ['notified', 'taken_down']
    case 'taken_down':
      return ['recheck']
    case 'still_online':
      return ['request', 'recheck']
    default:
      return []
  }
}
export const TAKEDOWN_STEP_LABELS = { request: '要求下架', notified: '登记已通知平台', taken_down: '登记平台已下架', recheck: '复查' }

// Cuts a field's text into segments by the spans over it (code-point
// offsets char_start/char_end, as the API gives them). Each segment says
// which kinds cover it: 'hit' (counted), 'weak' (matched, not counted or
// suppressed, and no counted hit there), 'contact', and whether the
// selected span covers it.
export function segmentText(text, spans, selected = null) {
  const chars = Array.from(text || '')
  if (!chars.length) return []
  const marks = chars.map(() => ({ hit: false, weak: false, contact: false, selected: false }))
  for (const s of spans || []) {
    const from = Math.max(0, s.char_start ?? 0)
    const to = Math.min(chars.length, s.char_end ?? 0)
    for (let i = from; i < to; i++) {
      if (s.kind === 'contact') marks[i].contact = true
      else if (s.counted && !s.suppressed_by) marks[i].hit = true
      else marks[i].weak = true
      if (selected && s === selected) marks[i].selected = true
    }
  }
  const out = []
  for (let i = 0; i < chars.length; i++) {
    const m = marks[i]
    // A counted hit shows as such even where a weaker match overlaps it.
    if (m.hit) m.weak = false
    const last = out[out.length - 1]
    if (last && last.hit === m.hit && last.weak === m.weak && last.contact === m.contact && last.selected === m.selected) last.text += chars[i]
    else out.push({ text: chars[i], ...m })
  }
  return out
}

// The spans of one field (title or text) from a listing's explanation.
export function fieldSpans(explanation, field) {
  const hits = (explanation?.hits || []).filter((h) => h.field === field)
  const contacts = (explanation?.contacts || []).filter((c) => c.field === field).map((c) => ({ ...c, kind: 'contact' }))
  return [...hits, ...contacts]
}
