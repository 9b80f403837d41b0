import { describe, expect, it } from 'vitest'
import {
  apiParams, autoBucket, breakdownOption, bucketFits, campaignRange, cardFigures, mapPoints, parseDashboardQuery,
  periodRange, rankingTable, seriesOption, seriesTotals, toDashboardQuery,
} from '../src/lib/dashboard.js'

// Saturday 2026-11-28, 15:00 local time: the week began on Monday the 23rd.
const now = new Date(2026, 10, 28, 15, 0)

describe('dashboard period', () => {
  it('reads this week, this month and a custom range from the URL, month by default', () => {
    expect(parseDashboardQuery({}, { now })).toEqual({ period: 'month', from: '2026-11-01', to: '2026-11-28', department: '', bucket: 'day' })
    expect(parseDashboardQuery({ period: 'week' }, { now })).toMatchObject({ from: '2026-11-23', to: '2026-11-28' })
    expect(parseDashboardQuery({ period: 'custom', from: '2026-01-01', to: '2026-06-30', department: 'LC' }, { now })).toEqual({
      period: 'custom', from: '2026-01-01', to: '2026-06-30', department: 'LC', bucket: 'week',
    })
  })

  it('falls back to this month for a bad range or an unset campaign', () => {
    expect(parseDashboardQuery({ period: 'custom', from: '2026-06-30', to: '2026-01-01' }, { now }).period).toBe('month')
    expect(parseDashboardQuery({ period: 'campaign' }, { now }).period).toBe('month')
    const campaign = campaignRange({ period_from: new Date(2026, 3, 1).getTime(), period_to: new Date(2026, 9, 1).getTime(), title: '清风行动' })
    expect(campaign).toEqual({ from: '2026-04-01', to: '2026-09-30', title: '清风行动' })
    expect(parseDashboardQuery({ period: 'campaign' }, { now, campaign })).toMatchObject({ period: 'campaign', from: '2026-04-01', to: '2026-09-30', bucket: 'week' })
    expect(campaignRange(null)).toBeNull()
  })

  it('keeps an asked bucket only when it fits the period', () => {
    expect(parseDashboardQuery({ period: 'custom', from: '2025-01-01', to: '2026-06-30', bucket: 'day' }, { now }).bucket).toBe('month')
    expect(parseDashboardQuery({ bucket: 'week' }, { now }).bucket).toBe('week')
    expect(bucketFits('day', { from: '2026-01-01', to: '2026-03-03' })).toBe(true)
    expect(bucketFits('day', { from: '2026-01-01', to: '2026-03-04' })).toBe(false)
    expect(autoBucket({ from: '2026-01-01', to: '2026-12-31' })).toBe('month')
  })

  it('writes only what is not derived back to the URL', () => {
    expect(toDashboardQuery({ period: 'month', from: 'x', to: 'y', department: '', bucket: 'day' })).toEqual({ period: 'month', bucket: 'day' })
    expect(toDashboardQuery({ period: 'custom', from: '2026-01-01', to: '2026-01-31', department: 'NY', bucket: '' })).toEqual({ period: 'custom', from: '2026-01-01', to: '2026-01-31', department: 'NY' })
  })

  it('asks the API for local midnights, the day after the last day exclusive', () => {
    expect(apiParams({ from: '2026-03-01', to: '2026-03-31', department: '' })).toEqual({ from: new Date(2026, 2, 1).getTime(), to: new Date(2026, 3, 1).getTime() })
    expect(apiParams({ from: '2026-03-01', to: '2026-03-31', department: 'LC' }).department).toBe('LC')
    expect(periodRange('custom', { from: 'bad', to: '2026-01-01' })).toBeNull()
  })
})

const stats = {
  sections: [
    { code: 'cases', label: '案件查办', figures: [
      { code: 'cases.opened', label: '登记案件', unit: '件', value: 5, drill: '/api/v1/cases?created_from=1', breakdown: [
        { key: 'illegal_trade', label: '非法经营', value: 3, drill: '/api/v1/cases?offence_type=illegal_trade' },
        { key: 'illegal_hunting', label: '非法猎捕', value: 2, drill: '/api/v1/cases?offence_type=illegal_hunting' },
        { key: 'x', label: '其他', value: 0, drill: null },
      ] },
      { code: 'cases.closed', label: '结案', unit: '件', value: 2, drill: null, breakdown: [] },
    ] },
  ],
  ranking: {
    columns: [{ code: 'cases.opened', label: '登记案件', unit: '件', group: '案件查办' }, { code: 'patrols.km', label: '巡护里程', unit: '千米', group: '野外巡护' }],
    rows: [{ department_code: 'OFFICE', name: '协调机制办公室', short_name: '办公室', values: { 'cases.opened': 0, 'patrols.km': 0 } }, { department_code: 'LC', name: '林草局', short_name: '林草', values: { 'cases.opened': 4, 'patrols.km': 12.5 } }],
  },
}

describe('dashboard shaping', () => {
  it('gives the cards the answer has, in order, with their section', () => {
    const cards = cardFigures(stats, ['cases.closed', 'listings.taken_down', 'cases.opened'])
    expect(cards.map((c) => c.code)).toEqual(['cases.closed', 'cases.opened'])
    expect(cards[1].section).toBe('案件查办')
    expect(cards[1].title).toBe('登记案件')
    expect(cardFigures({ sections: [{ label: '海关', figures: [{ code: 'customs.seizures', label: '查获' }] }] }, ['customs.seizures'])[0].title).toBe('海关·查获')
  })

  it('turns a series answer into a line chart and totals', () => {
    const answer = {
      bucket: 'week',
      buckets: [{ label: '2026-03-01' }, { label: '2026-03-02' }],
      series: [
        { code: 'cases.opened', label: '登记案件', section: '案件查办', values: [2, 3] },
        { code: 'transport.checks', label: '检查', section: '运输寄递检查', values: [0, 1] },
      ],
    }
    const option = seriesOption(answer, ['cases.opened', 'transport.checks', 'nope'])
    expect(option.xAxis.data).toEqual(['03-01起', '03-02起'])
    expect(option.series.map((s) => s.name)).toEqual(['登记案件', '运输寄递检查·检查'])
    expect(option.series[0].data).toEqual([2, 3])
    expect(seriesTotals(answer)).toEqual({ 'cases.opened': 5, 'transport.checks': 1 })
    expect(seriesOption({ buckets: [], series: [] })).toBeNull()
    expect(seriesOption({ ...answer, bucket: 'month', buckets: [{ label: '2026-03' }, { label: '2026-04' }] }).xAxis.data).toEqual(['2026-03', '2026-04'])
  })

  it('shapes a breakdown without empty keys, each slice with its drill', () => {
    const option = breakdownOption(stats.sections[0].figures[0])
    expect(option.series[0].data).toEqual([
      { value: 3, name: '非法经营', drill: '/api/v1/cases?offence_type=illegal_trade' },
      { value: 2, name: '非法猎捕', drill: '/api/v1/cases?offence_type=illegal_hunting' },
    ])
    expect(breakdownOption(stats.sections[0].figures[1])).toBeNull()
  })

  it('groups ranking columns by section with table-safe keys', () => {
    const t = rankingTable(stats)
    expect(t.groups.map((g) => g.label)).toEqual(['案件查办', '野外巡护'])
    expect(t.columns[1].key).toBe('patrols__km')
    expect(t.rows[0]).toEqual({ department_code: 'LC', name: '林草', cases__opened: 4, patrols__km: 12.5 })
    expect(t.rows[1].department_code).toBe('OFFICE')
  })

  it('turns map features into coloured points with links, skipping broken ones', () => {
    const { points, links } = mapPoints({
      features: [
        { geometry: { coordinates: [105.1, 37.5] }, properties: { kind: 'cases', id: 3, link: '/cases/3' } },
        { geometry: { coordinates: [null, 37.5] }, properties: { kind: 'tips', id: 4, link: '/tips/4' } },
      ],
    })
    expect(points).toEqual([{ id: 'cases:3', lon: 105.1, lat: 37.5, color: '#1f6f50' }])
    expect(links).toEqual({ 'cases:3': '/cases/3' })
  })
})
