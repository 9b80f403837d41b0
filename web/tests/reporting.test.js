import { describe, expect, it } from 'vitest'
import {
  PUBLICITY_EVENT_KINDS,
  countsText,
  dayStart,
  defaultPeriod,
  figureRows,
  formatFigure,
  periodBody,
  periodSpan,
  publicityBody,
  publicityFormOf,
  publicityKindLabel,
  reportStateType,
  sectionLabel,
  submissionHint,
} from '../src/lib/reporting.js'

describe('publicity form', () => {
  const now = new Date(2026, 2, 10, 12).getTime()
  it('builds the body of a new event', () => {
    const { body, errors } = publicityBody(
      { kind: 'training', title: ' 执法培训 ', held_at: '2026-03-09T09:30:00', place: ' 会议室 ', audience: '执法人员', attendees: '46', note: 'n', evidence_ids: [3], organiser_department: 'NY' },
      { now },
    )
    expect(errors).toEqual({})
    expect(body).toEqual({
      kind: 'training',
      title: '执法培训',
      held_at: new Date(2026, 2, 9, 9, 30).getTime(),
      attendees: 46,
      place: '会议室',
      audience: '执法人员',
      note: 'n',
      evidence_ids: [3],
      organiser_department: 'NY',
    })
  })
  it('names every wrong field in Chinese', () => {
    const { errors } = publicityBody({ kind: 'party', title: '  ', held_at: '2026-03-20T09:00:00', attendees: '-3' }, { now })
    expect(Object.keys(errors).sort()).toEqual(['attendees', 'held_at', 'kind', 'title'])
    expect(errors.held_at).toBe('时间不能晚于今天')
  })
  it('leaves the organiser out of an edit and reads a record back', () => {
    const event = { kind: 'poster', title: '展板', held_at: new Date(2026, 2, 1, 8).getTime(), place: '', audience: '', attendees: 0, note: '', evidence_ids: [1], organiser_department: 'LC' }
    const form = publicityFormOf(event)
    expect(form.held_at).toBe('2026-03-01T08:00:00')
    expect(form.attendees).toBe('')
    const { body, errors } = publicityBody(form, { create: false, now })
    expect(errors).toEqual({})
    expect(body.organiser_department).toBeUndefined()
    expect(body.attendees).toBe(0)
  })
  it('labels kinds and the 宣传活动 filter', () => {
    expect(publicityKindLabel('case_publicity')).toBe('典型案例宣传')
    expect(publicityKindLabel(PUBLICITY_EVENT_KINDS)).toBe('宣传活动（不含培训）')
  })
})

describe('reporting periods', () => {
  it('proposes this month, due on the 5th of the next', () => {
    const p = defaultPeriod('monthly', new Date(2026, 1, 14))
    expect(p).toEqual({ kind: 'monthly', title: '2026年2月“清风行动”工作月报', from: '2026-02-01', to: '2026-02-28', due: '2026-03-05' })
    expect(defaultPeriod('monthly', new Date(2026, 11, 31)).due).toBe('2027-01-05')
  })
  it('proposes the week from Monday', () => {
    const p = defaultPeriod('weekly', new Date(2026, 10, 29)) // a Sunday
    expect(p.from).toBe('2026-11-23')
    expect(p.to).toBe('2026-11-29')
    expect(p.due).toBe('2026-11-30')
  })
  it('sends whole days: to as the next midnight, due at the end of its day', () => {
    const { body, errors } = periodBody({ kind: 'monthly', title: '三月', from: '2026-03-01', to: '2026-03-31', due: '2026-04-05' })
    expect(errors).toEqual({})
    expect(body.period_from).toBe(new Date(2026, 2, 1).getTime())
    expect(body.period_to).toBe(new Date(2026, 3, 1).getTime())
    expect(body.due_at).toBe(new Date(2026, 3, 6).getTime() - 1)
    expect(periodSpan(body)).toBe('2026-03-01 至 2026-03-31')
  })
  it('refuses impossible periods', () => {
    const { errors } = periodBody({ kind: 'yearly', title: '', from: '2026-03-10', to: '2026-03-01', due: '2026-02-30' })
    expect(Object.keys(errors).sort()).toEqual(['due', 'kind', 'title', 'to'])
    expect(Number.isNaN(dayStart('2026-02-30'))).toBe(true)
  })
})

describe('a report', () => {
  it('lays the figures out by section', () => {
    const rows = figureRows({
      sections: [
        { code: 'cases', label: '案件查办', figures: [{ code: 'cases.opened', label: '登记案件', unit: '件', value: 3, drill: '/api/v1/cases' }, { code: 'cases.fines_yuan', label: '罚款', unit: '元', value: 1234.567, drill: null }] },
        { code: 'publicity', label: '宣传培训', figures: [{ code: 'publicity.trainings', label: '培训', unit: '次', value: 1 }] },
      ],
    })
    expect(rows.map((r) => [r.section, r.span, r.value])).toEqual([
      ['案件查办', 2, '3'],
      ['案件查办', 0, '1234.57'],
      ['宣传培训', 1, '1'],
    ])
    expect(rows[1].drill).toBe('')
    expect(figureRows(null)).toEqual([])
    expect(formatFigure('x')).toBe('—')
  })
  it('sums up a period and explains each state', () => {
    expect(countsText({ owed: 8, submitted: 3, not_submitted: 5, returned: 1, overdue: 4 })).toBe('应报 8 · 已报 3 · 未报 5 · 退回 1 · 逾期 4')
    expect(countsText({ owed: 8, submitted: 8, not_submitted: 0, returned: 0, overdue: 0 })).toBe('应报 8 · 已报 8 · 未报 0')
    expect(reportStateType('returned')).toBe('danger')
    expect(sectionLabel('intake')).toBe('网格与视频事件接入')
    expect(submissionHint('missing', true)).toMatch(/^已过报送期限，尚未填报/)
    expect(submissionHint('submitted', false)).toMatch(/退回/)
  })
})
