import { describe, expect, it } from 'vitest'
import {
  answersFor, closureBody, emptyFinding, emptyHolding, emptyInspection, emptyLicence, emptyPlace, emptyTransportCheck, errorsUnder,
  inspectionBody, placeBody, placeForm, placePatch, suggestedFindings, transportCheckBody, validateClosure, validateInspection,
  validatePlace, validateTransportCheck, emptySeizure, emptyTransit, parseRulesText, seizureBody, validateSeizure,
  checklistBody, emptyGroup, groupBody, nextItemCode, validateChecklist, validateGroup,
  emptyPlan, emptyZone, planBody, validatePlan, validateZone, zoneFeature, zoneForm, zonePatch, validateZoneEdit,
} from '../src/lib/fieldForms.js'

const NOW = Date.UTC(2026, 10, 29, 8)
const CHECKLIST = { items: [{ code: 'licence', text: '持有人工繁育许可证', finding_kind: 'unlicensed_breeding' }, { code: 'ledger', text: '台账齐全', finding_kind: '' }] }

describe('new inspection form', () => {
  const filled = () => {
    const f = emptyInspection(NOW - 60000)
    f.place_id = 12
    f.answers = answersFor(CHECKLIST)
    return f
  }

  it('needs a place and a time not in the future', () => {
    const f = emptyInspection(NOW)
    f.inspected_at = String(NOW + 3600e3)
    expect(validateInspection(f, NOW)).toEqual({ place_id: expect.any(String), inspected_at: '检查时间不能晚于现在' })
    expect(validateInspection(filled(), NOW)).toEqual({})
  })

  it('checks answers, holdings and findings under their API paths', () => {
    const f = filled()
    f.answers[1].result = 'fail'
    f.holdings.push(emptyHolding(), { species: '梅花鹿', species_id: null, count: 2.5 })
    f.findings.push(emptyFinding())
    expect(validateInspection(f, NOW)).toEqual({
      'answers/1/note': '不合格项请说明情况',
      'holdings/0/species': '请填写物种',
      'holdings/0/count': '请填写清点数量',
      'holdings/1/count': expect.any(String),
      'findings/0/kind': '请选择问题类型',
    })
    expect(errorsUnder(validateInspection(f, NOW), 'holdings/0/')).toEqual({ species: '请填写物种', count: '请填写清点数量' })
  })

  it('suggests the finding of a failed item once, unless listed', () => {
    const f = filled()
    f.answers[0].result = 'fail'
    expect(suggestedFindings(f)).toEqual(['unlicensed_breeding'])
    f.findings.push(emptyFinding('unlicensed_breeding'))
    expect(suggestedFindings(f)).toEqual([])
  })

  it('builds the body: numbers, no empty notes, evidence ids', () => {
    const f = filled()
    f.group_id = 3
    f.answers[1] = { ...f.answers[1], result: 'fail', note: ' 无出售台账 ' }
    f.holdings.push({ species: ' 梅花鹿 ', species_id: null, count: 32 }, { species: '马鹿', species_id: 88, count: 0 })
    f.findings.push({ kind: 'other', note: '', evidence: [{ id: 5 }, { id: 6 }] })
    f.conclusion = '  '
    expect(inspectionBody(f)).toEqual({
      place_id: 12,
      group_id: 3,
      inspected_at: NOW - 60000,
      answers: [{ code: 'licence', result: 'pass' }, { code: 'ledger', result: 'fail', note: '无出售台账' }],
      holdings: [{ species: '梅花鹿', count: 32 }, { species: '马鹿', species_id: 88, count: 0 }],
      findings: [{ kind: 'other', evidence_ids: [5, 6] }],
    })
  })
})

describe('new transport check form', () => {
  it('needs the company for logistics and a description with a finding', () => {
    const f = emptyTransportCheck(NOW)
    f.kind = 'express'
    f.finding = 'wildlife'
    f.sender_phone = 'abc'
    expect(validateTransportCheck(f, NOW)).toEqual({ company: expect.any(String), finding_note: expect.any(String), sender_phone: '请输入正确的电话号码' })
    f.company = '顺丰速运'
    f.species_text = '穿山甲'
    f.sender_phone = '139 1234 5678'
    expect(validateTransportCheck(f, NOW)).toEqual({})
  })

  it('builds the body: finding details only with a finding, point rounded, photos', () => {
    const f = emptyTransportCheck(NOW)
    Object.assign(f, { place_text: ' 中卫东检查站 ', vehicle_plate: '宁E·12345', point: { lon: 105.1234567, lat: 37.5 }, species_text: '穿山甲', quantity: 3, photos: [{ id: 9 }] })
    expect(transportCheckBody(f)).toEqual({ kind: 'checkpoint', checked_at: NOW, spot_check: false, finding: 'none', place_text: '中卫东检查站', vehicle_plate: '宁E·12345', lon: 105.123457, lat: 37.5, evidence_ids: [9] })
    f.finding = 'wildlife_product'
    f.weight_kg = 1.2
    expect(transportCheckBody(f)).toMatchObject({ finding: 'wildlife_product', species_text: '穿山甲', quantity: 3, weight_kg: 1.2 })
  })
})

describe('place form', () => {
  const farm = () => ({ ...emptyPlace(), place_type: 'breeding_farm', name: '宣和梅花鹿养殖场', licences: [{ ...emptyLicence(), licence_no: 'X-1', valid_to: '1830000000000', species: [{ species: '梅花鹿', species_id: null, quantity: 20 }] }] })

  it('checks type, name, a shop\'s market and licences', () => {
    expect(Object.keys(validatePlace(emptyPlace())).sort()).toEqual(['name', 'place_type'])
    expect(validatePlace({ ...emptyPlace(), place_type: 'market_shop', name: '某商户' })).toEqual({ parent_id: expect.any(String) })
    const f = farm()
    f.licences[0].valid_from = '1900000000000'
    f.licences[0].species.push({ species: '', species_id: null, quantity: null })
    expect(validatePlace(f)).toEqual({ 'licences/0/valid_to': expect.any(String), 'licences/0/species/1/species': '请填写物种', 'licences/0/species/1/quantity': '请填写许可数量' })
    expect(validatePlace(farm())).toEqual({})
  })

  it('builds the create body with licences and the owner only when given', () => {
    const body = placeBody({ ...farm(), address: ' 宣和镇 ', parent_id: 4 })
    expect(body).toEqual({ place_type: 'breeding_farm', name: '宣和梅花鹿养殖场', address: '宣和镇', licences: [{ licence_no: 'X-1', valid_to: 1830000000000, species: [{ species: '梅花鹿', quantity: 20 }] }] })
    expect(placeBody(farm(), { ownerDepartment: 'LC' }).owner_department).toBe('LC')
  })

  it('patches only what changed; licences as a whole', () => {
    const place = { id: 1, place_type: 'breeding_farm', name: '宣和梅花鹿养殖场', address: '宣和镇', township: '', operator: '张三', contact_phone: null, lon: 105.3, lat: 37.4, parent_id: null,
      licences: [{ licence_no: 'X-1', issuer: '林草局', valid_from: '2025-01-01T00:00:00Z', valid_to: '2027-12-31T00:00:00Z', species: [{ species: '梅花鹿', species_id: 7, quantity: 20 }] }] }
    const f = placeForm(place)
    expect(placePatch(place, f)).toEqual({})
    f.operator = ''
    f.address = '宣和镇张洪村'
    expect(placePatch(place, f)).toEqual({ operator: '', address: '宣和镇张洪村' })
    f.licences[0].species[0].quantity = 25
    expect(placePatch(place, f).licences[0]).toEqual({ licence_no: 'X-1', issuer: '林草局', valid_from: Date.parse('2025-01-01T00:00:00Z'), valid_to: Date.parse('2027-12-31T00:00:00Z'), species: [{ species: '梅花鹿', species_id: 7, quantity: 25 }] })
  })

  it('closes with a date and a basis', () => {
    expect(validateClosure({ closed_at: '', closure_basis: ' ' }, NOW)).toEqual({ closed_at: expect.any(String), closure_basis: expect.any(String) })
    expect(closureBody({ closed_at: String(NOW), closure_basis: ' 中市监罚〔2026〕12号 ' })).toEqual({ status: 'closed', closed_at: NOW, closure_basis: '中市监罚〔2026〕12号' })
  })
})

describe('seizure form and customs rules', () => {
  const filled = () => ({ ...emptySeizure(NOW - 1000), species_text: '非洲象', product_type: 'worked_ivory', quantity_pieces: 12, origins: [{ country: 'ng', share_pct: 60 }, { country: 'CM', share_pct: null }] })

  it('needs species, product type, country codes and shares up to 100 %', () => {
    expect(Object.keys(validateSeizure({ ...emptySeizure(NOW), origins: [] }, NOW)).sort()).toEqual(['product_type', 'quantity_pieces', 'species_text'])
    expect(validateSeizure(filled(), NOW)).toEqual({})
    const f = filled()
    f.origins[1].share_pct = 50
    f.transit.push({ ...emptyTransit(), country: 'Vietnam' })
    f.export_country = 'NGA'
    expect(validateSeizure(f, NOW)).toEqual({ origins: expect.stringContaining('110'), 'transit/0/country': expect.any(String), export_country: expect.any(String) })
  })

  it('builds the body with upper-case codes and the chain-of-custody flags', () => {
    const f = filled()
    f.transit.push({ country: 'vn', chain_of_custody: true })
    f.weight_kg = 3.5
    expect(seizureBody(f)).toEqual({
      seized_at: NOW - 1000, species_text: '非洲象', product_type: 'worked_ivory', discovery_country: 'CN', destination_country: 'CN', quantity_pieces: 12, weight_kg: 3.5,
      origins: [{ country: 'NG', share_pct: 60 }, { country: 'CM' }], transit: [{ country: 'VN', chain_of_custody: true }],
    })
  })

  it('parses the rules document', () => {
    expect(parseRulesText('{"countries": []}')).toEqual({ rules: { countries: [] } })
    expect(parseRulesText('[1]').error).toBeTruthy()
    expect(parseRulesText('{').error).toMatch(/不是有效的 JSON/)
  })
})

describe('inspection groups and checklists', () => {
  const sj = { id: 4, display_name: '陈执法', department_code: 'SJ' }
  const lc = { id: 5, display_name: '马林', department_code: 'LC' }

  it('needs members from two departments', () => {
    expect(validateGroup(emptyGroup())).toEqual({ name: expect.any(String), members: '请选择成员' })
    expect(validateGroup({ ...emptyGroup(), name: '联合组', members: [{ user: sj, leader: true }] }).members).toMatch(/两个部门/)
    const g = { ...emptyGroup(), name: ' 联合组 ', lead_department: 'SJ', members: [{ user: sj, leader: true }, { user: lc, leader: false }] }
    expect(validateGroup(g)).toEqual({})
    expect(groupBody(g)).toEqual({ name: '联合组', lead_department: 'SJ', members: [{ user_id: 4, leader: true }, { user_id: 5, leader: false }] })
  })

  it('checks item codes and texts, and builds the body', () => {
    const items = [{ code: 'licence', text: '持证', finding_kind: 'unlicensed_breeding' }, { code: 'licence', text: '', finding_kind: '' }, { code: 'Bad code', text: 'x' }]
    expect(validateChecklist(items)).toEqual({ 'items/1/code': '编码重复', 'items/1/text': expect.any(String), 'items/2/code': expect.any(String) })
    expect(validateChecklist([])).toEqual({ items: expect.any(String) })
    expect(checklistBody([{ code: ' a_1 ', text: ' 台账 ', finding_kind: '' }])).toEqual({ items: [{ code: 'a_1', text: '台账' }] })
    expect(nextItemCode([{ code: 'item_2' }, { code: 'x' }])).toBe('item_3')
  })
})

describe('patrol plans and zones', () => {
  const DAY = 24 * 3600 * 1000

  it('needs a team, a period and a target', () => {
    expect(validatePlan(emptyPlan())).toEqual({ team: expect.any(String), period_from: expect.any(String), target_patrols: expect.any(String) })
    const f = { ...emptyPlan(), team: '一队', period: [String(NOW), String(NOW)], target_km: 40 }
    expect(validatePlan(f)).toEqual({})
    expect(planBody(7, f)).toEqual({ zone_id: 7, team: '一队', period_from: NOW, period_to: NOW + DAY - 1, target_km: 40 })
  })

  it('closes the drawn ring and rounds it', () => {
    expect(validateZone(emptyZone())).toEqual({ name: expect.any(String), kind: expect.any(String), geometry: expect.any(String) })
    const ring = [[105.1, 37.4], [105.2000004, 37.4], [105.2, 37.5], [105.1, 37.4]]
    const f = { ...emptyZone(), name: ' 湿地 ', kind: 'bird_wintering', township: '迎水桥镇', ring }
    expect(validateZone(f)).toEqual({})
    expect(zoneFeature(f)).toEqual({
      type: 'Feature', properties: { name: '湿地', kind: 'bird_wintering', township: '迎水桥镇' },
      geometry: { type: 'Polygon', coordinates: [[[105.1, 37.4], [105.2, 37.4], [105.2, 37.5], [105.1, 37.4]]] },
    })
    expect(validateZone({ ...f, ring: ring.slice(0, 2) }).geometry).toBeTruthy()
  })

  const ZONE = {
    type: 'Feature',
    properties: { id: 3, name: '湿地', kind: 'bird_wintering', township: '迎水桥镇', unit: '', responsible_person: '张', responsible_phone: '0955-1234567', version: 2 },
    geometry: { type: 'Polygon', coordinates: [[[105.1, 37.4], [105.2, 37.4], [105.2, 37.5], [105.1, 37.4]]] },
  }

  it('sends only what an edit changed, clearing emptied fields', () => {
    const form = zoneForm(ZONE)
    expect(form.simpleShape).toBe(true)
    expect(zonePatch(ZONE, form)).toBeNull()
    form.responsible_phone = ' '
    form.unit = '沙坡头管理站'
    expect(zonePatch(ZONE, form)).toEqual({ type: 'Feature', properties: { responsible_phone: '', unit: '沙坡头管理站' } })
  })

  it('sends the boundary only when a vertex moved', () => {
    const form = zoneForm(ZONE)
    form.ring = form.ring.map(([lon, lat]) => [lon + 1e-8, lat]) // below the 1e-6 rounding: no change
    expect(zonePatch(ZONE, form)).toBeNull()
    form.ring = [[105.1, 37.4], [105.25, 37.4], [105.2, 37.5], [105.1, 37.4]]
    expect(zonePatch(ZONE, form)).toEqual({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [form.ring] } })
  })

  it('keeps an imported complex shape unless it is redrawn', () => {
    const multi = { ...ZONE, geometry: { type: 'MultiPolygon', coordinates: [ZONE.geometry.coordinates, ZONE.geometry.coordinates] } }
    const form = zoneForm(multi)
    expect(form.simpleShape).toBe(false)
    expect(form.ring).toEqual([])
    expect(validateZoneEdit(form)).toEqual({})
    expect(zonePatch(multi, form)).toBeNull()
    form.ring = ZONE.geometry.coordinates[0]
    expect(zonePatch(multi, form).geometry.type).toBe('Polygon')
    expect(validateZoneEdit({ ...zoneForm(ZONE), ring: [] }).geometry).toBeTruthy()
  })
})
