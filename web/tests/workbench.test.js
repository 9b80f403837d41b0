import { describe, expect, it } from 'vitest'
import { workbenchFigures } from '../src/lib/workbench.js'

// Saturday 2026-11-28, 15:00 local time: the week began on Monday the 23rd.
const now = new Date(2026, 10, 28, 15, 0)

describe('workbench figures', () => {
  it('counts each card as the total of the list it links to', () => {
    const { figures } = workbenchFigures({ role: 'officer' }, now)
    const mine = figures.find((f) => f.key === 'mineCases')
    expect(mine.to).toEqual({ path: '/cases', query: { mine: 'true', sort: 'due' } })
    expect(mine.params).toEqual({ mine: 'true', sort: 'due', page: 1, page_size: 1 })
    expect(figures.find((f) => f.key === 'majorCases').params).toEqual({ major: 'true', page: 1, page_size: 1 })
    expect(figures.find((f) => f.key === 'queue').query).toEqual({ state: 'assigned' })
  })

  it('gives the office the triage queue and the inspector no personal figures', () => {
    expect(workbenchFigures({ role: 'office' }, now).figures.find((f) => f.key === 'queue').query).toEqual({ state: 'pending' })
    const keys = workbenchFigures({ role: 'inspector' }, now).figures.map((f) => f.key)
    expect(keys).not.toContain('mineTips')
    expect(keys).toContain('queue')
  })

  it('counts this week and month from their first day, in epoch ms for the API and as days in the link', () => {
    const { periods } = workbenchFigures({ role: 'officer' }, now)
    const week = periods.find((p) => p.key === 'casesWeek')
    expect(week.to).toEqual({ path: '/cases', query: { created_from: '2026-11-23' } })
    expect(week.params).toEqual({ created_from: new Date(2026, 10, 23).getTime(), page: 1, page_size: 1 })
    expect(periods.find((p) => p.key === 'tipsMonth').params.created_from).toBe(new Date(2026, 10, 1).getTime())
  })
})
