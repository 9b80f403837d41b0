import { describe, expect, it } from 'vitest'
import { activeFilterCount, applyFilterChange, dayToMs, formatDay, listSchema, parseDay, parseListQuery, nextSort, sortOptions, sortToTable, toApiParams, toRouteQuery } from '../src/lib/listQuery.js'

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

describe('sort and date fields', () => {
  const s2 = listSchema({
    sort: { type: 'sort', fields: { created: '登记时间', due: '期限' } },
    created_from: { type: 'date', bound: 'start' },
    created_to: { type: 'date', bound: 'end' },
  })

  it('keeps a known sort field, ascending or descending, and drops others', () => {
    expect(parseListQuery(s2, { sort: '-due' }).sort).toBe('-due')
    expect(parseListQuery(s2, { sort: 'created' }).sort).toBe('created')
    expect(parseListQuery(s2, { sort: 'number' }).sort).toBe('')
    expect(parseListQuery(s2, { sort: '--due' }).sort).toBe('')
    expect(toRouteQuery(s2, parseListQuery(s2, { sort: '-due' }))).toEqual({ sort: '-due' })
    expect(toApiParams(s2, parseListQuery(s2, { sort: '-due' }), { paging: false })).toEqual({ sort: '-due' })
  })

  it('translates to and from Element Plus tables', () => {
    expect(sortToTable('-created')).toEqual({ prop: 'created', order: 'descending' })
    expect(sortToTable('due')).toEqual({ prop: 'due', order: 'ascending' })
    expect(sortToTable('')).toEqual({})
    // Header clicks cycle descending → ascending → default, from the URL's sort.
    expect(nextSort('', 'due')).toBe('-due')
    expect(nextSort('-due', 'due')).toBe('due')
    expect(nextSort('due', 'due')).toBe('')
    expect(nextSort('-created', 'due')).toBe('-due')
  })

  it('lists the sort choices for a select', () => {
    expect(sortOptions(s2.sort).map((o) => o.code)).toEqual(['-created', 'created', '-due', 'due'])
  })

  it('keeps days in the URL and sends local-midnight milliseconds, the end bound exclusive', () => {
    const v = parseListQuery(s2, { created_from: '2026-11-01', created_to: '2026-11-30' })
    expect(toRouteQuery(s2, v)).toEqual({ created_from: '2026-11-01', created_to: '2026-11-30' })
    expect(toApiParams(s2, v, { paging: false })).toEqual({
      created_from: new Date(2026, 10, 1).getTime(),
      created_to: new Date(2026, 11, 1).getTime(),
    })
  })

  it('refuses days that do not exist', () => {
    expect(parseDay('2026-02-30')).toBe(null)
    expect(parseListQuery(s2, { created_from: '2026-13-01', created_to: 'yesterday' })).toMatchObject({ created_from: '', created_to: '' })
    expect(dayToMs('2026-12-31', 'end')).toBe(new Date(2027, 0, 1).getTime())
    expect(formatDay(new Date(2026, 0, 5))).toBe('2026-01-05')
  })
})
