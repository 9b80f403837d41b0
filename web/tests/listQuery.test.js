import { describe, expect, it } from 'vitest'
import { activeFilterCount, applyFilterChange, listSchema, parseListQuery, toApiParams, toRouteQuery } from '../src/lib/listQuery.js'

const schema = listSchema({
  state: { type: 'string', options: ['pending', 'assigned'] },
  q: { type: 'string' },
  overdue: { type: 'boolean' },
  department_id: { type: 'int' },
  view: { type: 'string', api: false },
})

describe('list query <-> URL', () => {
  it('parses typed values and falls back on bad ones', () => {
    const v = parseListQuery(schema, { state: 'assigned', q: ' 石鸡 ', overdue: 'true', page: '3', page_size: '50', department_id: '7' })
    expect(v).toEqual({ state: 'assigned', q: '石鸡', overdue: true, department_id: 7, view: '', page: 3, page_size: 50 })
    const bad = parseListQuery(schema, { state: 'nope', overdue: 'maybe', page: '-2', page_size: '7', department_id: '1.5' })
    expect(bad).toEqual({ state: '', q: '', overdue: false, department_id: null, view: '', page: 1, page_size: 20 })
  })

  it('takes the first of repeated query values', () => {
    expect(parseListQuery(schema, { q: ['a', 'b'] }).q).toBe('a')
  })

  it('writes only non-default values to the URL and round-trips', () => {
    const values = { state: 'pending', q: '', overdue: true, department_id: null, view: '', page: 2, page_size: 20 }
    const query = toRouteQuery(schema, values)
    expect(query).toEqual({ state: 'pending', overdue: 'true', page: '2' })
    expect(parseListQuery(schema, query)).toEqual(values)
  })

  it('gives API parameters: booleans only when set, paging always, UI-only fields never', () => {
    const values = parseListQuery(schema, { q: '鸟', view: 'map' })
    expect(toApiParams(schema, values)).toEqual({ q: '鸟', page: 1, page_size: 20 })
    expect(toApiParams(schema, { ...values, overdue: true }, { paging: false })).toEqual({ q: '鸟', overdue: 'true' })
  })

  it('returns to page 1 when a filter changes, not when the page does', () => {
    const values = parseListQuery(schema, { page: '4' })
    expect(applyFilterChange(schema, values, { q: 'x' }).page).toBe(1)
    expect(applyFilterChange(schema, values, { page: 5 }).page).toBe(5)
    expect(applyFilterChange(schema, values, { q: '' }).page).toBe(4)
  })

  it('counts active filters', () => {
    expect(activeFilterCount(schema, parseListQuery(schema, { page: '3' }))).toBe(0)
    expect(activeFilterCount(schema, parseListQuery(schema, { q: 'a', overdue: 'true' }))).toBe(2)
  })
})
