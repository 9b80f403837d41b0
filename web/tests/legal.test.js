import { describe, expect, it } from 'vitest'
import {
  caseItemBody,
  caseItemFromRecord,
  conclusionOf,
  crimeReasons,
  emptyCaseItem,
  emptyOffencesForm,
  fineRangeText,
  formErrorsFromServer,
  itemValue,
  offencesBody,
  validateCaseItem,
  validateOffences,
} from '../src/lib/legal.js'

describe('case item form', () => {
  it('needs a species', () => {
    expect(validateCaseItem(emptyCaseItem()).species).toBeTruthy()
  })

  it('takes a value only with its basis, and a basis only with a value', () => {
    const item = { ...emptyCaseItem(), species: '马来穿山甲', species_id: 517 }
    expect(validateCaseItem({ ...item, value_yuan: '25000' })).toEqual({ value_basis: expect.any(String) })
    expect(validateCaseItem({ ...item, value_basis: '鉴定意见' })).toEqual({ value_yuan: expect.any(String) })
    expect(validateCaseItem({ ...item, value_yuan: '25000', value_basis: '鉴定意见' })).toEqual({})
    expect(validateCaseItem({ ...item, value_yuan: '1.234', value_basis: '鉴定意见' }).value_yuan).toMatch(/两位小数/)
    expect(validateCaseItem({ ...item, value_yuan: '  ', value_basis: ' ' })).toEqual({})
  })

  it('sends the species id, the value as text with its basis, and no empty fields', () => {
    const body = caseItemBody({ ...emptyCaseItem(), species: ' 马来穿山甲 ', species_id: 517, count: 1, value_yuan: '25000', value_basis: '鉴定意见 ' })
    expect(body).toEqual({ species: '马来穿山甲', species_id: 517, count: 1, unit: '只', part: 'whole_dead', origin: 'unknown', disposition: 'pending', value_yuan: '25000', value_basis: '鉴定意见' })
    const plain = caseItemBody({ ...emptyCaseItem(), species: '某种鸟', note: '' })
    expect(plain).not.toHaveProperty('species_id')
    expect(plain).not.toHaveProperty('value_yuan')
    expect(plain).not.toHaveProperty('value_basis')
    expect(plain).not.toHaveProperty('note')
  })
})

describe('legal answers', () => {
  const review = {
    applicable: true,
    suspected_crime: true,
    transfer: '涉嫌犯罪，应当移送公安机关',
    conclusion: '涉嫌犯罪，应当移送公安机关',
    reasons: ['价值合计 25000.00 元'],
    offences: [{ status: 'made_out', reasons: ['x'] }],
  }

  it('headlines a suspected crime with the transfer sentence', () => {
    expect(conclusionOf(review)).toMatchObject({ type: 'error', title: '涉嫌犯罪，应当移送公安机关' })
    expect(crimeReasons(review)).toEqual(['价值合计 25000.00 元'])
  })

  it('says when appraisal is needed, and when the law does not apply', () => {
    expect(conclusionOf({ suspected_crime: false, needs_appraisal: true, conclusion: '待鉴定' }).type).toBe('warning')
    expect(conclusionOf({ applicable: false, conclusion: '不适用' })).toEqual({ type: 'info', title: '不适用' })
    expect(conclusionOf({ suspected_crime: false, conclusion: '未达到' }).type).toBe('success')
  })

  it('takes the reasons of the offences made out when the answer has no list', () => {
    const answer = { offences: [{ status: 'made_out', reasons: ['a', 'b'] }, { status: 'not_made_out', reasons: ['c'] }] }
    expect(crimeReasons(answer)).toEqual(['a', 'b'])
  })

  it('names where an item value came from, or 需鉴定', () => {
    expect(itemValue({ value_yuan: '25000.00', value_source: '案件记录', value_basis: '鉴定意见' })).toMatchObject({ known: true, text: '25,000.00 元', source: '案件记录（鉴定意见）' })
    const unknown = itemValue({ value_yuan: null, value_source: '价值评估', assessment: { unknown_reason: '无基准价值' } })
    expect(unknown).toMatchObject({ known: false, text: '需鉴定', source: '价值评估', why: '无基准价值' })
    expect(itemValue({ value_yuan: '300.00' }).source).toBe('填写的价值')
  })

  it('writes fine ranges', () => {
    expect(fineRangeText({ fine_min_yuan: '10000.00', fine_max_yuan: '100000.00' })).toBe('10,000.00 元至 100,000.00 元')
    expect(fineRangeText({ fine_min_yuan: null, fine_max_yuan: null })).toBe('')
  })
})

describe('行刑衔接研判 form', () => {
  const form = () => {
    const f = emptyOffencesForm()
    f.behaviour = 'sale'
    f.items[0] = { ...f.items[0], species: '马来穿山甲', species_id: 517, valueMode: 'value', value_yuan: '25000' }
    return f
  }

  it('checks behaviour, species, value and quantity', () => {
    const f = emptyOffencesForm()
    const e = validateOffences(f)
    expect(e.behaviour).toBeTruthy()
    expect(e['items/0/species']).toBeTruthy()
    expect(e['items/0/count']).toBeTruthy() // assessing needs a quantity
    expect(validateOffences(form())).toEqual({})
    const bad = form()
    bad.items[0].value_yuan = 'abc'
    expect(validateOffences(bad)['items/0/value_yuan']).toBeTruthy()
  })

  it('builds the request: species by id, value or assess, circumstances as flags', () => {
    const f = form()
    f.place_type = 'market'
    f.circumstances = ['for_eating', 'prior_admin_penalty_within_2y']
    f.items.push({ species: '灰鹤', species_id: 356, origin: 'captive', quantity: 'count', count: 3, weight_kg: null, valueMode: 'assess', value_yuan: '', part: 'whole' })
    f.items.push({ species: '穿山甲片', species_id: null, origin: 'wild', quantity: 'weight', count: null, weight_kg: 1.5, valueMode: 'assess', value_yuan: '', part: 'product' })
    expect(offencesBody(f)).toEqual({
      behaviour: 'sale',
      place_type: 'market',
      items: [
        { species_id: 517, value_yuan: '25000' },
        { species_id: 356, origin: 'captive', assess: { part: 'whole', count: 3 } },
        { species: '穿山甲片', weight_kg: '1.5', assess: { part: 'product', weight_kg: '1.5' } },
      ],
      circumstances: { for_eating: true, prior_admin_penalty_within_2y: true },
    })
  })

  it('adds the direction only for smuggling', () => {
    const f = form()
    f.direction = 'import'
    expect(offencesBody(f).circumstances).toBeUndefined()
    f.behaviour = 'smuggling'
    expect(offencesBody(f).circumstances).toEqual({ direction: 'import' })
  })

  it('maps the server field paths back to the form', () => {
    expect(formErrorsFromServer({ 'items/1/assess/count': '数量应为 1 至 10 亿', 'items/0/species_id': '没有', behaviour: 'x' })).toEqual({
      'items/1/count': '数量应为 1 至 10 亿',
      'items/0/species': '没有',
      behaviour: 'x',
    })
  })
})

describe('correcting a recorded item', () => {
  it('prefills the form from the record and sends the whole item back', () => {
    const rec = { id: 85, species: '象牙制品', species_id: null, count: 3.0, weight_kg: 0.0, unit: '只', part: 'product', origin: 'wild', disposition: 'pending', evidence_id: null, note: '', value_yuan: null, value_basis: '' }
    const form = caseItemFromRecord(rec)
    expect(form).toMatchObject({ species: '象牙制品', species_id: null, count: 3, weight_kg: null, part: 'product', value_yuan: '', value_basis: '' })
    expect(caseItemBody({ ...form, species_id: 42, value_yuan: '5000', value_basis: '鉴定意见' })).toEqual({
      species: '象牙制品', species_id: 42, count: 3, unit: '只', part: 'product', origin: 'wild', disposition: 'pending', value_yuan: '5000', value_basis: '鉴定意见',
    })
  })

  it('keeps a recorded value as text', () => {
    expect(caseItemFromRecord({ species: '灰鹤', value_yuan: '25000.00', value_basis: '鉴定意见' })).toMatchObject({ value_yuan: '25000.00', value_basis: '鉴定意见' })
  })
})
