// The species catalog as the pages show it (GET /api/v1/species, /species/{id},
// /species/lists): short protection labels, what a search matched, a base
// value or the honest “需鉴定”, and how complete each list is.

const SHORT_CLASS = {
  national_1: '国家一级',
  national_2: '国家二级',
  sanyou: '三有',
  provincial: '地方重点',
  cites_1: 'CITES 附录Ⅰ',
  cites_2: 'CITES 附录Ⅱ',
  none: '非保护',
}

const CLASS_TAG = { national_1: 'danger', national_2: 'warning', cites_1: 'danger', cites_2: 'warning' }

export function shortClass(code) {
  return SHORT_CLASS[code] || code || '—'
}

export function classTagType(code) {
  return CLASS_TAG[code] || 'info'
}

const ROMAN = ['', 'Ⅰ', 'Ⅱ', 'Ⅲ']
export function citesText(appendix) {
  return appendix ? `附录${ROMAN[appendix] || appendix}` : '—'
}

const RANK_SUFFIX = { genus: '属所有种', family: '科所有种', order: '目所有种' }
// “鹰科所有种” for a taxon row, the Chinese name for a species.
export function speciesTitle(s) {
  if (!s) return ''
  return s.rank && RANK_SUFFIX[s.rank] && !/所有种$/.test(s.chinese_name) ? `${s.chinese_name}（${RANK_SUFFIX[s.rank]}）` : s.chinese_name
}

// One line for a chosen species: 马来穿山甲 Manis javanica（国家一级）.
export function speciesLine(s) {
  if (!s) return ''
  return `${speciesTitle(s)}${s.latin_name ? ` ${s.latin_name}` : ''}（${shortClass(s.class)}）`
}

// The search's own words (“学名”, “分类：鸮形目”, “别名：甲片”) as a hint.
export function matchedByText(s) {
  return s?.matched_by ? `按${s.matched_by}匹配` : ''
}

// The base value of GET /species/{id}, or why there is none.
export function baseValueText(bv) {
  if (!bv) return { known: false, text: '无基准价值——需鉴定' }
  // basis: “本种”, or “同属参照：穿山甲属 Manis” when a relative's value stands in.
  return { known: true, text: `${bv.value_yuan} 元/${bv.unit || '只'}`, basis: bv.basis || '', fallback: !!bv.fallback, source: bv.source || '' }
}

const LIST_KIND = { species: '物种名录', aliases: '别名表', base_values: '基准价值表' }
export function listKindLabel(kind) {
  return LIST_KIND[kind] || kind
}

export const LIST_IMPORT_KINDS = Object.entries(LIST_KIND).map(([code, label]) => ({ code, label }))

const LEVEL_WORD = { 1: '一级', 2: '二级' }

// What a list holds against what it should: “官方 980 种，已录 977 种，缺 3 种一级”.
// Lists without an official total say what they hold; declared gaps are
// always named, with their reason.
export function listCoverage(list) {
  const counts = list?.counts || {}
  const official = list?.official
  const gaps = (list?.gaps || []).map((g) => {
    const n = (g.terrestrial || 0) + (g.aquatic || 0) || g.count || 0
    const level = LEVEL_WORD[g.level] || g.level || ''
    return { text: `缺 ${n || '若干'} 种${level}`, reason: g.reason || '' }
  })
  const parts = []
  if (official?.species != null) {
    parts.push(`官方 ${official.species} 种`)
    parts.push(`已录 ${counts.species ?? '—'} 种`)
  } else if (counts.species != null) {
    parts.push(`已录 ${counts.species} 种`)
  } else if (list?.rows != null) {
    parts.push(`${list.rows} 条`)
  }
  if (official?.classes != null) parts.push(`${counts.classes ?? 0}/${official.classes} 类`)
  const text = [parts.join('，'), ...gaps.map((g) => g.text)].filter(Boolean).join('，')
  return { text, complete: !!list?.complete && !gaps.length, gaps }
}

// Import list codes: the API's pattern.
export const LIST_CODE_RE = /^[a-z0-9_-]{2,40}$/
