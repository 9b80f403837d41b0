import { describe, expect, it } from 'vitest'
import {
  drillTarget,
  indicatorGroups,
  indicatorProblems,
  indicatorsBody,
  monthPeriod,
  nextDay,
  rankingRows,
  scoreText,
  tiedRanks,
  visitBody,
  weightTotal,
} from '../src/lib/evaluation.js'

const mar1 = new Date(2026, 2, 1).getTime()
const apr1 = new Date(2026, 3, 1).getTime()

const run = {
  departments: [
    { department_code: 'GA', short_name: '公安', total: null, rank: null, scores: [] },
    { department_code: 'JT', short_name: '交通', total: 33.33, rank: 2, scores: [{ code: 'a', applies: false, measured: false, score: null }] },
    { department_code: 'LC', short_name: '林草', total: 72.81, rank: 1, scores: [{ code: 'a', applies: true, measured: true, score: 50 }] },
    { department_code: 'HG', short_name: '海关', total: 33.33, rank: 2, scores: [{ code: 'a', applies: true, measured: false, score: null }] },
  ],
}

describe('evaluation ranking', () => {
  it('orders rows by rank, unranked last, and finds ties', () => {
    expect(rankingRows(run).map((r) => r.code)).toEqual(['LC', 'JT', 'HG', 'GA'])
    expect([...tiedRanks(run)]).toEqual([2])
  })

  it('says why a score is missing', () => {
    const rows = rankingRows(run)
    expect(scoreText(rows[0].scores.a)).toBe('50.00')
    expect(scoreText(rows[1].scores.a)).toBe('不适用')
    expect(scoreText(rows[2].scores.a)).toBe('未计分')
  })

  it('groups indicator columns for the header', () => {
    const g = indicatorGroups([
      { code: 'a', group: '线索与案件' },
      { code: 'b', group: '线索与案件' },
      { code: 'c', group: '野外巡护' },
    ])
    expect(g.map((x) => [x.label, x.items.length])).toEqual([
      ['线索与案件', 2],
      ['野外巡护', 1],
    ])
  })
})

describe('drill links', () => {
  it('maps list drills to web pages and visits to the supervision page', () => {
    const t = drillTarget({ label: '期内登记的案件', href: `/api/v1/cases?owner_department=LC&created_from=${mar1}&created_to=${apr1}` })
    expect(t.to).toEqual({ path: '/cases', query: { owner_department: 'LC', created_from: '2026-03-01', created_to: '2026-03-31' } })
    expect(drillTarget({ label: 'v', href: '/api/v1/supervision-visits/7' }).to).toEqual({ path: '/supervision', query: { id: '7' } })
    const none = drillTarget({ label: '计划', href: '/api/v1/patrol-plans/3' })
    expect(none.to).toBeNull()
    expect(none.api).toBe('/api/v1/patrol-plans/3')
  })
})

describe('weight editor', () => {
  const rows = [
    { code: 'tips.on_time', label: '线索', weight: 15, enabled: true, params: {} },
    { code: 'listings.takedown', label: '下架', weight: 10, enabled: true, params: { target_hours: 48 } },
    { code: 'overdue.items', label: '逾期', weight: 10, enabled: false, params: { points_per_item: 5 } },
  ]
  it('sums enabled weights and checks ranges', () => {
    expect(weightTotal(rows)).toBe(25)
    expect(indicatorProblems(rows)).toEqual([])
    expect(indicatorProblems([{ ...rows[0], weight: 120 }])).toHaveLength(1)
    expect(indicatorProblems([{ ...rows[1], params: { target_hours: 0 } }])).toHaveLength(1)
    expect(indicatorProblems([{ ...rows[0], weight: 0 }])).toEqual(['至少一个启用的指标权重应大于 0'])
  })
  it('builds the PUT body with parameters only where they belong', () => {
    expect(indicatorsBody(rows)).toEqual([
      { code: 'tips.on_time', weight: 15, enabled: true },
      { code: 'listings.takedown', weight: 10, enabled: true, params: { target_hours: 48 } },
      { code: 'overdue.items', weight: 10, enabled: false, params: { points_per_item: 5 } },
    ])
  })
})

describe('periods and the visit form', () => {
  it('gives this month with an exclusive end', () => {
    expect(monthPeriod(new Date(2026, 10, 29))).toEqual({ from: '2026-11-01', to: '2026-12-01' })
    expect(nextDay('2026-12-31')).toBe('2027-01-01')
  })
  it('checks and shapes a visit', () => {
    const { errors } = visitBody({ members: '', departments: [] })
    expect(Object.keys(errors).sort()).toEqual(['departments', 'members', 'visited_at'])
    const ok = visitBody({
      visited_at: '2026-03-05T09:00:00',
      members: '周组长，钱督导 冯督导',
      departments: [{ department: 'SJ', outcome: 'criticism' }, { department: '', outcome: 'none' }],
      findings: '记录不全',
    })
    expect(ok.errors).toEqual({})
    expect(ok.body.members).toEqual(['周组长', '钱督导', '冯督导'])
    expect(ok.body.departments).toEqual([{ department: 'SJ', outcome: 'criticism' }])
    expect(ok.body.rectification_due_at).toBe(0)
    expect(visitBody({ visited_at: 'x', members: 'a', departments: [{ department: 'SJ' }, { department: 'SJ' }] }).errors.departments).toBe('被督导部门重复')
  })
})
