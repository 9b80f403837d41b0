// A list page keeps its state — filters and paging — in the URL query, so a
// link reproduces the view. A schema names each field, its type and default:
//   { state: { type: 'string' }, overdue: { type: 'boolean' },
//     page: { type: 'page' }, page_size: { type: 'pageSize' } }
// parseListQuery reads a route query into typed values (bad values fall back
// to the default), toRouteQuery writes only what differs from the default,
// and toApiParams gives the list endpoint's query parameters.
//
// Two more types:
//   sort: { type: 'sort', fields: { created: '登记时间', due: '期限' } } holds
//     "created" (ascending) or "-created" (descending), one of the fields; ''
//     is the server's default order. sortToTable gives an Element Plus table's
//     default-sort, nextSort the sort after a click on a column header
//     (sortable="custom", the column's prop is the field).
//   date: { type: 'date', bound: 'start' | 'end' } holds a day, YYYY-MM-DD, in
//     the URL and sends epoch milliseconds: the day's start, or for 'end' the
//     next day's start (the API's created_to is exclusive), in local time.

export const PAGE_SIZES = [10, 20, 50, 100]
const MAX_PAGE = 1000000

export function listSchema(filters) {
  return { ...filters, page: { type: 'page' }, page_size: { type: 'pageSize' } }
}

function defaultOf(spec) {
  if ('default' in spec) return spec.default
  switch (spec.type) {
    case 'boolean':
      return false
    case 'page':
      return 1
    case 'pageSize':
      return 20
    case 'int':
      return null
    default:
      return ''
  }
}

function first(v) {
  return Array.isArray(v) ? v[0] : v
}

function parseValue(spec, raw) {
  const v = first(raw)
  if (v === undefined || v === null) return defaultOf(spec)
  const s = String(v)
  switch (spec.type) {
    case 'boolean':
      return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : defaultOf(spec)
    case 'page': {
      const n = Number(s)
      return Number.isInteger(n) && n >= 1 && n <= MAX_PAGE ? n : 1
    }
    case 'pageSize': {
      const n = Number(s)
      return PAGE_SIZES.includes(n) ? n : defaultOf(spec)
    }
    case 'int': {
      const n = Number(s)
      return /^-?\d+$/.test(s) && Number.isSafeInteger(n) ? n : defaultOf(spec)
    }
    case 'sort': {
      const t = s.trim()
      const field = t.startsWith('-') ? t.slice(1) : t
      return Object.hasOwn(spec.fields || {}, field) ? t : defaultOf(spec)
    }
    case 'date': {
      const t = s.trim()
      return parseDay(t) ? t : defaultOf(spec)
    }
    default: {
      const t = s.trim()
      if (spec.options && !spec.options.includes(t)) return defaultOf(spec)
      return t
    }
  }
}

// "2026-11-03" → a local Date at 00:00, or null when it is not a real day.
export function parseDay(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '')
  if (!m) return null
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return d.getFullYear() === Number(m[1]) && d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]) ? d : null
}

// A day's bound in epoch ms: its start, or for 'end' the next day's start.
export function dayToMs(text, bound = 'start') {
  const d = parseDay(text)
  if (!d) return null
  if (bound === 'end') d.setDate(d.getDate() + 1)
  return d.getTime()
}

// Local date → "YYYY-MM-DD".
export function formatDay(date) {
  const p = (n) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`
}

// A sort value for an Element Plus table's default-sort: { prop, order }.
export function sortToTable(value) {
  if (!value) return {}
  return value.startsWith('-') ? { prop: value.slice(1), order: 'descending' } : { prop: value, order: 'ascending' }
}

// The sort after a click on a column header: descending first, then
// ascending, then the default order. The click's own order from Element Plus
// is not used — the URL, not the table, holds the current sort.
export function nextSort(current, prop) {
  if (!prop) return ''
  if (current === `-${prop}`) return prop
  if (current === prop) return ''
  return `-${prop}`
}

// The choices of a sort field for a select (phones, where columns are hidden).
export function sortOptions(spec) {
  return Object.entries(spec.fields || {}).flatMap(([field, label]) => [
    { code: `-${field}`, label: `${label}（降序）` },
    { code: field, label: `${label}（升序）` },
  ])
}

export function parseListQuery(schema, query) {
  const out = {}
  for (const [name, spec] of Object.entries(schema)) out[name] = parseValue(spec, query?.[name])
  return out
}

function isDefault(spec, value) {
  const d = defaultOf(spec)
  return value === d || value === undefined || value === null || (value === '' && (d === '' || d === null))
}

export function toRouteQuery(schema, values) {
  const out = {}
  for (const [name, spec] of Object.entries(schema)) {
    const v = values[name]
    if (isDefault(spec, v)) continue
    out[name] = String(v)
  }
  return out
}

// The endpoint's parameters: booleans only when set ("true"), empty strings
// dropped, paging always sent.
export function toApiParams(schema, values, { paging = true } = {}) {
  const out = {}
  for (const [name, spec] of Object.entries(schema)) {
    const v = values[name]
    if (spec.type === 'page' || spec.type === 'pageSize') {
      if (paging) out[name] = v
      continue
    }
    if (spec.api === false) continue
    const key = spec.param || name
    if (spec.type === 'boolean') {
      if (v) out[key] = 'true'
    } else if (spec.type === 'date') {
      const ms = dayToMs(v, spec.bound)
      if (ms !== null) out[key] = ms
    } else if (v !== '' && v !== null && v !== undefined) {
      out[key] = spec.toApi ? spec.toApi(v) : v
    }
  }
  return out
}

// Changing any filter returns to page 1; changing only the page keeps filters.
export function applyFilterChange(schema, values, patch) {
  const next = { ...values, ...patch }
  const filtersChanged = Object.keys(patch).some((k) => k !== 'page' && schema[k]?.type !== 'page' && patch[k] !== values[k])
  if (filtersChanged && !('page' in patch)) next.page = 1
  return next
}

// Filters in effect (the order of the list is not a filter).
export function activeFilterCount(schema, values) {
  return Object.entries(schema).filter(([n, s]) => !['page', 'pageSize', 'sort'].includes(s.type) && !isDefault(s, values[n])).length
}
