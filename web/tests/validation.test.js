import { describe, expect, it } from 'vitest'
import { isPhone, isReceiptCode, normaliseReceiptCode, passwordProblem, publicReportBody, validatePublicReport, yuanToFen } from '../src/lib/validation.js'
import { missingTransferDocuments, transitionActions, validateTransition } from '../src/lib/caseActions.js'

describe('public report form', () => {
  it('requires the content and checks the phone unless anonymous', () => {
    expect(validatePublicReport({ content: '  ' })).toEqual({ content: '请描述您看到的情况' })
    expect(validatePublicReport({ content: '有人捕鸟', reporter_phone: '12345' })).toEqual({ reporter_phone: '请输入正确的手机或座机号码' })
    expect(validatePublicReport({ content: '有人捕鸟', anonymous: true, reporter_phone: '12345' })).toEqual({})
  })

  it('limits the content to 8000 UTF-8 bytes (Chinese is 3 bytes a character)', () => {
    expect(validatePublicReport({ content: '鸟'.repeat(2666) })).toEqual({})
    expect(validatePublicReport({ content: '鸟'.repeat(2667) }).content).toBeTruthy()
  })

  it('wants both coordinates or none, and no future time', () => {
    expect(validatePublicReport({ content: 'x', lon: 105.1, lat: null }).location).toBeTruthy()
    expect(validatePublicReport({ content: 'x', occurred_at: Date.now() + 86400000 }).occurred_at).toBeTruthy()
  })

  it('builds the API body without empty fields and without identity when anonymous', () => {
    const body = publicReportBody({ content: ' 有人捕鸟 ', anonymous: true, reporter_name: '张三', reporter_phone: '139', place_text: '', lon: 105.12345678, lat: 37.5, reporter_category: 'villager' })
    expect(body).toEqual({ content: '有人捕鸟', anonymous: true, reporter_category: 'villager', lon: 105.123457, lat: 37.5 })
    const named = publicReportBody({ content: 'x', anonymous: false, reporter_name: ' 张三 ', reporter_phone: '139 1234 5678', lon: null, lat: null })
    expect(named).toEqual({ content: 'x', anonymous: false, reporter_name: '张三', reporter_phone: '13912345678' })
  })
})

describe('small validators', () => {
  it('accepts receipt codes of the API alphabet, case-insensitively, ignoring spaces', () => {
    expect(isReceiptCode('KH2NEWT6U8')).toBe(true)
    expect(isReceiptCode('kh2n ewt6u8')).toBe(true)
    expect(isReceiptCode('KH2NEWT6U0')).toBe(false) // 0 is not in the alphabet
    expect(isReceiptCode('KH2NEWT6U')).toBe(false)
    expect(normaliseReceiptCode(' ab-cd ')).toBe('abcd')
  })

  it('knows mobile and landline numbers', () => {
    expect(isPhone('13912345678')).toBe(true)
    expect(isPhone('0955-8812769')).toBe(true)
    expect(isPhone('1391234567')).toBe(false)
  })

  it('applies the password policy', () => {
    expect(passwordProblem('short')).toBeTruthy()
    expect(passwordProblem('lc.officer1', 'lc.officer1')).toBe('密码不能与用户名相同')
    expect(passwordProblem('a-long-password')).toBe('')
  })

  it('converts yuan to fen exactly', () => {
    expect(yuanToFen('1234.5')).toBe(123450)
    expect(yuanToFen('0.07')).toBe(7)
    expect(yuanToFen('1.234')).toBe(null)
    expect(yuanToFen('-1')).toBe(null)
  })
})

describe('case actions', () => {
  const labels = { filed: '立案', not_filed: '不予立案', revoked: '撤销' }
  it('offers the next states with their required fields, only to those who may update', () => {
    const kase = { next_states: ['filed', 'not_filed', 'revoked'] }
    const actions = transitionActions(kase, labels, true)
    expect(actions.map((a) => a.label)).toEqual(['立案', '不予立案', '撤销'])
    expect(actions[1]).toMatchObject({ required: ['reason'], destructive: true })
    expect(actions[0]).toMatchObject({ required: [], destructive: false })
    expect(transitionActions(kase, labels, false)).toEqual([])
  })

  it('validates the penalty decision inline', () => {
    expect(validateTransition('penalty_decided', {})).toEqual({ penalty_decision_no: '必填', penalty_amount: '必填' })
    expect(validateTransition('penalty_decided', { penalty_decision_no: '中林罚〔2026〕1号', penalty_amount: '12.345' })).toEqual({ penalty_amount: '请输入金额（元），最多两位小数' })
    expect(validateTransition('filed', {})).toEqual({})
  })

  it('lists the mandatory 行刑衔接 documents still missing', () => {
    const checklist = [
      { kind: 'transfer_letter', label: '移送书', mandatory: true },
      { kind: 'item_list', label: '涉案物品清单', mandatory: true },
      { kind: 'other_evidence', label: '其他', mandatory: false },
    ]
    expect(missingTransferDocuments(checklist, [])).toEqual(['移送书', '涉案物品清单'])
    expect(missingTransferDocuments(checklist, [{ kind: 'transfer_letter', evidence_id: 3 }, { kind: 'item_list', note: '清单见附件' }])).toEqual(['涉案物品清单'])
  })
})
