import { describe, expect, it } from 'vitest'
import { formatHours, formatKm, formatPercent, monthRange, observationBody, observationSummary, splitMembers } from '../src/lib/patrols.js'
import { countryCodes, tradeChain } from '../src/lib/fieldRecords.js'

describe('patrol vocabulary and figures', () => {
  it('builds an observation body without empty fields', () => {
    const point = { lon: 105.1, lat: 37.5 }
    expect(observationBody({ kind: 'trap_removal', tool_kind: 'snare', count: '3', species_text: ' 石鸡 ', note: '', to_tip: true }, point, 1700000000000)).toEqual({
      kind: 'trap_removal', tool_kind: 'snare', count: 3, species_text: '石鸡', lon: 105.1, lat: 37.5, observed_at: 1700000000000, to_tip: true,
    })
    // A trap removal counts at least one tool; other kinds need no count.
    expect(observationBody({ kind: 'trap_removal', tool_kind: '', count: 0 }, point, 1)).toMatchObject({ tool_kind: 'other', count: 1 })
    const wildlife = observationBody({ kind: 'wildlife', tool_kind: 'snare', count: 0, species_text: '岩羊' }, point, 1)
    expect(wildlife).toEqual({ kind: 'wildlife', species_text: '岩羊', lon: 105.1, lat: 37.5, observed_at: 1 })
  })

  it('summarises observations', () => {
    expect(observationSummary({ kind: 'trap_removal', tool_kind: 'leghold_trap', count: 3 })).toBe('清除猎捕工具 · 猎夹 × 3')
    expect(observationSummary({ kind: 'wildlife', kind_label: '野生动物', count: 6, species_text: '岩羊' })).toBe('野生动物 · 6 只/个 · 岩羊')
  })

  it('splits members and formats figures', () => {
    expect(splitMembers('马林、李强, 王五 马林；')).toEqual(['马林', '李强', '王五'])
    expect(splitMembers('')).toEqual([])
    expect(formatKm(3.456)).toBe('3.46 公里')
    expect(formatKm(12.34)).toBe('12.3 公里')
    expect(formatHours(1.5)).toBe('1 小时 30 分')
    expect(formatHours(0.25)).toBe('15 分钟')
    expect(formatPercent(0.4567)).toBe('45.7%')
    expect(formatPercent(undefined)).toBe('—')
  })

  it('turns a month into a half-open range', () => {
    const r = monthRange('2026-12')
    expect(new Date(r.from).getMonth()).toBe(11)
    expect(new Date(r.to).getFullYear()).toBe(2027)
    expect(monthRange('2026-13')).toBeNull()
  })
})

describe('customs helpers', () => {
  it('reads country codes typed by a person', () => {
    expect(countryCodes('vn, LA；th 越南 VN')).toEqual(['VN', 'LA', 'TH'])
    expect(countryCodes('')).toEqual([])
  })

  it('lays out a seizure trade chain', () => {
    const steps = tradeChain({ origins: [{ country: 'NG', share_pct: 60 }, { country: 'CM' }], export_country: 'NG', transit: [{ country: 'VN', chain_of_custody: true }], destination_country: 'CN', discovery_country: 'CN', discovery_place: '中卫' })
    expect(steps.map((s) => `${s.role}:${s.country}`)).toEqual(['原产地:NG', '原产地:CM', '出口国:NG', '经停/转运:VN', '目的地:CN', '查获地:CN'])
    expect(steps[0].note).toBe('占 60%')
    expect(steps[3].note).toContain('已证实')
  })
})
