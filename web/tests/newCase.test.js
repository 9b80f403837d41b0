import { describe, expect, it } from 'vitest'
import { emptyNewCase, newCaseBody, validateNewCase } from '../src/lib/newCase.js'
import { emptyCaseItem } from '../src/lib/legal.js'
import { cleanFields, fieldDefaults } from '../src/lib/fields.js'
import { PARTY_FIELDS } from '../src/lib/caseParties.js'

const filled = () => ({ ...emptyNewCase(), title: ' 迎水桥镇灰鹤案 ', offence_type: 'illegal_hunting', source: 'patrol' })

describe('new case form', () => {
  it('needs title, offence type and source', () => {
    expect(Object.keys(validateNewCase(emptyNewCase())).sort()).toEqual(['offence_type', 'source', 'title'])
    expect(validateNewCase(filled())).toEqual({})
  })

  it('checks items and parties under their API paths', () => {
    const f = filled()
    f.items.push({ ...emptyCaseItem(), species: '灰鹤', value_yuan: '100' })
    f.parties.push(fieldDefaults(PARTY_FIELDS))
    expect(validateNewCase(f)).toEqual({ 'items/0/value_basis': expect.any(String), 'parties/0/name': '必填' })
  })

  it('refuses a time in the future', () => {
    const now = Date.UTC(2026, 10, 29)
    expect(validateNewCase({ ...filled(), occurred_at: now + 3600e3 }, now).occurred_at).toBeTruthy()
  })

  it('builds the body: rounded point, owner only when allowed, cleaned items and parties', () => {
    const f = filled()
    f.point = { lon: 105.1234567, lat: 37.5 }
    f.owner_department = 'LC'
    f.occurred_at = 1795945567141
    f.items.push({ ...emptyCaseItem(), species: '马来穿山甲', species_id: 517, value_yuan: '25000', value_basis: '鉴定意见' })
    f.parties.push({ ...fieldDefaults(PARTY_FIELDS), name: ' 张三 ' })
    const body = newCaseBody(f)
    expect(body).toMatchObject({ title: '迎水桥镇灰鹤案', lon: 105.123457, lat: 37.5, occurred_at: 1795945567141, cross_region: false })
    expect(body).not.toHaveProperty('owner_department')
    expect(body.items[0]).toMatchObject({ species_id: 517, value_yuan: '25000', value_basis: '鉴定意见' })
    expect(body.parties).toEqual([{ kind: 'person', role: 'suspect', name: '张三' }])
    expect(newCaseBody(f, { pickOwner: true }).owner_department).toBe('LC')
  })
})

describe('field descriptors', () => {
  it('drop empty values and flag missing required ones', () => {
    expect(cleanFields([{ key: 'a', required: true }, { key: 'b' }], { a: ' ', b: ' x ' })).toEqual({ values: { b: 'x' }, errors: { a: '必填' } })
  })
})
