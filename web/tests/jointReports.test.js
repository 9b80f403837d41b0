import { describe, expect, it } from 'vitest'
import { addCase, addDay, changesOf, createBody, defaultJointPeriod, moveCase, removeCase, jointReportStateLabel, MAX_TYPICAL_CASES } from '../src/lib/jointReports.js'

describe('joint report page logic', () => {
  it('adds days across months and years', () => {
    expect(addDay('2026-03-31')).toBe('2026-04-01')
    expect(addDay('2026-12-31')).toBe('2027-01-01')
    expect(addDay('2024-02-28')).toBe('2024-02-29')
    expect(addDay('nope')).toBe('')
  })

  it('defaults to the current month', () => {
    expect(defaultJointPeriod(new Date(2026, 10, 29))).toEqual({ from: '2026-11-01', to: '2026-11-30', title: '' })
  })

  it('builds the create body with an exclusive end', () => {
    expect(createBody({ from: '2026-03-01', to: '2026-03-31', title: ' 三月报告 ' })).toEqual({
      body: { title: '三月报告', period_from: '2026-03-01', period_to: '2026-04-01' },
      errors: {},
    })
    expect(createBody({ from: '', to: '2026-03-31' }).errors).toEqual({ from: '请选择起始日期' })
    expect(createBody({ from: '2026-03-05', to: '2026-03-01' }).errors.to).toBe('截止日期不能早于起始日期')
  })

  it('sends only what changed', () => {
    const stored = { title: 'T', achievements: 'a', shortcomings: '', suggestions: 's', overview_note: '', case_ids: [1, 2] }
    expect(changesOf(stored, { ...stored })).toEqual({})
    expect(changesOf(stored, { ...stored, achievements: 'b', case_ids: [2, 1] })).toEqual({ achievements: 'b', case_ids: [2, 1] })
    expect(changesOf(stored, { ...stored, title: '  ' })).toEqual({})
  })

  it('chooses typical cases once, in order, up to the limit', () => {
    expect(addCase([1], 1)).toEqual([1])
    expect(addCase([1], 2)).toEqual([1, 2])
    expect(addCase(Array.from({ length: MAX_TYPICAL_CASES }, (_, i) => i + 1), 99)).toHaveLength(MAX_TYPICAL_CASES)
    expect(removeCase([1, 2, 3], 2)).toEqual([1, 3])
    expect(moveCase([1, 2, 3], 3, -1)).toEqual([1, 3, 2])
    expect(moveCase([1, 2, 3], 1, -1)).toEqual([1, 2, 3])
    expect(jointReportStateLabel('final')).toBe('定稿')
  })
})
