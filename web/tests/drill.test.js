import { describe, expect, it } from 'vitest'
import { drillApiPath, drillToRoute } from '../src/lib/drill.js'

// Local midnights (vitest runs in the machine's zone; the list pages use local days too).
const mar1 = new Date(2026, 2, 1).getTime()
const apr1 = new Date(2026, 3, 1).getTime()

describe('drill links to list pages', () => {
  it('maps a case drill to the case list with days, the last one inclusive', () => {
    const r = drillToRoute(`/api/v1/cases?created_from=${mar1}&created_to=${apr1}&owner_department=LC&offence_type=illegal_trade`)
    expect(r).toEqual({
      path: '/cases',
      query: { created_from: '2026-03-01', created_to: '2026-03-31', owner_department: 'LC', offence_type: 'illegal_trade' },
      exact: true,
    })
  })

  it('maps tips, patrols, inspections and transport checks with their own date keys', () => {
    expect(drillToRoute(`/api/v1/tips?created_from=${mar1}&created_to=${apr1}&channel=hotline`).query).toEqual({ created_from: '2026-03-01', created_to: '2026-03-31', channel: 'hotline' })
    expect(drillToRoute(`/api/v1/patrols?from=${mar1}&to=${apr1}`)).toMatchObject({ path: '/patrols', query: { from: '2026-03-01', to: '2026-03-31' } })
    expect(drillToRoute(`/api/v1/inspections?from=${mar1}&to=${apr1}&has_findings=true`).query).toEqual({ from: '2026-03-01', to: '2026-03-31', has_findings: 'true' })
    expect(drillToRoute(`/api/v1/transport-checks?from=${mar1}&to=${apr1}&finding=banned_tool`).path).toBe('/transport-checks')
  })

  it('tells the listing queue to show every state when the drill has none', () => {
    expect(drillToRoute(`/api/v1/listings?from=${mar1}&to=${apr1}`).query).toEqual({ state: 'all', from: '2026-03-01', to: '2026-03-31' })
    expect(drillToRoute(`/api/v1/listings?from=${mar1}&to=${apr1}&state=confirmed`).query.state).toBe('confirmed')
  })

  it('opens transfers in both directions and every state, seizures by product type', () => {
    expect(drillToRoute(`/api/v1/transfers?from=${mar1}&to=${apr1}&kind=criminal`)).toEqual({
      path: '/transfers',
      query: { direction: 'all', state: 'all', from: '2026-03-01', to: '2026-03-31', kind: 'criminal' },
      exact: true,
    })
    expect(drillToRoute(`/api/v1/transfers?from=${mar1}&to=${apr1}&kind=criminal&state=accepted`).query.state).toBe('accepted')
    expect(drillToRoute(`/api/v1/seizures?from=${mar1}&to=${apr1}&product_type=scales`)).toMatchObject({ path: '/seizures', query: { from: '2026-03-01', to: '2026-03-31', product_type: 'scales' } })
  })

  it('opens the publicity records with their kinds', () => {
    expect(drillToRoute(`/api/v1/publicity-events?kind=training&from=${mar1}&to=${apr1}&department=LC`)).toEqual({
      path: '/publicity',
      query: { kind: 'training', from: '2026-03-01', to: '2026-03-31', department: 'LC' },
      exact: true,
    })
  })

  it('decodes percent-encoded values', () => {
    expect(drillToRoute('/api/v1/cases?q=%E7%A9%BF%E5%B1%B1%E7%94%B2').query.q).toBe('穿山甲')
  })

  it('says when a bound is not a local midnight (the day list would differ)', () => {
    const r = drillToRoute(`/api/v1/cases?created_from=${mar1 + 3600000}&created_to=${apr1}`)
    expect(r.exact).toBe(false)
    expect(r.query.created_from).toBe('2026-03-01')
  })

  it('answers null for no drill, unknown routes and broken dates', () => {
    expect(drillToRoute(null)).toBeNull()
    expect(drillToRoute('')).toBeNull()
    expect(drillToRoute('/api/v1/unknown?from=1')).toBeNull()
    expect(drillApiPath('/api/v1/cases?x=1')).toBe('/api/v1/cases')
    expect(drillApiPath(null)).toBeNull()
  })
})
