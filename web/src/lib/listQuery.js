// A list page keeps its state — filters and paging — in the URL query, so a
// link reproduces the view. A schema names each field, its type and default:
//   { state: { type: 'string' }, overdue: { type: 'boolean' },
//     page: { type: 'page' }, page_size: { type: 'pageSize' } }
// parseListQuery reads a route query into typed values (bad values fall back
// to the default), toRouteQuery writes only what differs from the default,
// and toApiParams gives the list endpoint's query parameters.

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
    default: {
      const t = s.trim()
      if (spec.options && !spec.options.includes(t)) return defaultOf(spec)
      return t
    }
  }
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

export function activeFilterCount(schema, values) {
  return Object.entries(schema).filter(([n, s]) => s.type !== 'page' && s.type !== 'pageSize' && !isDefault(s, values[n])).length
}
