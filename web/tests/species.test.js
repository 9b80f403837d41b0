import { describe, expect, it } from 'vitest'
import { baseValueText, citesText, listCoverage, matchedByText, shortClass, speciesLine, speciesTitle } from '../src/lib/species.js'

describe('species display', () => {
  it('labels classes, CITES appendices and taxon rows', () => {
    expect(shortClass('national_1')).toBe('国家一级')
    expect(citesText(2)).toBe('附录Ⅱ')
    expect(citesText(null)).toBe('—')
    expect(speciesTitle({ chinese_name: '鹰科', rank: 'family' })).toBe('鹰科（科所有种）')
    expect(speciesTitle({ chinese_name: '灰鹤', rank: 'species' })).toBe('灰鹤')
    expect(speciesLine({ chinese_name: '马来穿山甲', latin_name: 'Manis javanica', class: 'national_1', rank: 'species' })).toBe('马来穿山甲 Manis javanica（国家一级）')
    expect(matchedByText({ matched_by: '学名' })).toBe('按学名匹配')
    expect(matchedByText({ matched_by: null })).toBe('')
  })

  it('says 需鉴定 when there is no base value', () => {
    expect(baseValueText(null)).toEqual({ known: false, text: '无基准价值——需鉴定' })
    expect(baseValueText({ value_yuan: '8000.00', unit: '只', basis: '同属参照：穿山甲属 Manis', fallback: true, source: '目录第 12 行' })).toMatchObject({
      known: true,
      text: '8000.00 元/只',
      fallback: true,
    })
  })
})

describe('list coverage', () => {
  it('states official totals and declared gaps', () => {
    const national = {
      complete: false,
      counts: { species: 977, classes: 8 },
      official: { species: 980, classes: 8 },
      gaps: [{ level: '1', terrestrial: 2, aquatic: 1, reason: '两份参考资料中均缺失' }],
    }
    const c = listCoverage(national)
    expect(c.text).toBe('官方 980 种，已录 977 种，8/8 类，缺 3 种一级')
    expect(c.complete).toBe(false)
    expect(c.gaps[0].reason).toBe('两份参考资料中均缺失')
  })

  it('says what a list without an official total holds', () => {
    expect(listCoverage({ complete: true, counts: { species: 20 }, official: null, gaps: [] })).toEqual({ text: '已录 20 种', complete: true, gaps: [] })
    expect(listCoverage({ complete: true, rows: 44, official: null, gaps: [] }).text).toBe('44 条')
  })
})
