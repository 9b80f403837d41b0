import { describe, expect, it } from 'vitest'
import {
  ASSESSMENT_LIST,
  changedLabels,
  groupEditForm,
  groupPatch,
  hsCodeProblem,
  inspectionEditForm,
  inspectionPatch,
  lockedFindingIds,
  reasonRows,
  shortText,
  validateInspectionEdit,
} from '../src/lib/fieldEdits.js'
import { parseListQuery, toApiParams } from '../src/lib/listQuery.js'
import { emptySeizure, seizureBody } from '../src/lib/fieldForms.js'

const inspection = (over = {}) => ({
  id: 7,
  place_id: 3,
  group_id: 2,
  inspected_at: '2026-03-02T02:00:00Z',
  conclusion: '初查',
  answers: [{ code: 'wild_game_menu', text: '菜单是否有野味', result: 'fail', note: '有野兔' }],
  holdings: [{ species: '梅花鹿', species_id: 12, counted: 32, licensed: 20 }],
  findings: [
    { id: 11, kind: 'wild_game_menu', kind_label: '野味上菜单', note: '菜单列有野兔', evidence_ids: [5], automatic: false },
    { id: 12, kind: 'over_licence', kind_label: '超许可数量', note: '超出 12 只', evidence_ids: [], automatic: true },
  ],
  case_id: null,
  ...over,
})

describe('inspection corrections', () => {
  it('builds the form from the record, manual findings only', () => {
    const form = inspectionEditForm(inspection())
    expect(form.inspected_at).toBe(Date.parse('2026-03-02T02:00:00Z'))
    expect(form.findings).toEqual([{ id: 11, kind: 'wild_game_menu', note: '菜单列有野兔', evidence_ids: [5] }])
    expect(form.holdings).toEqual([{ species: '梅花鹿', species_id: 12, count: 32 }])
  })

  it('sends only what changed', () => {
    const x = inspection()
    const form = inspectionEditForm(x)
    expect(inspectionPatch(x, form)).toEqual({})
    form.conclusion = '  责令整改 '
    form.findings[0].note = '菜单列有野兔、斑鸠'
    form.findings.push({ id: null, kind: 'illegal_sale', note: '', evidence_ids: [] })
    const patch = inspectionPatch(x, form)
    expect(patch).toEqual({
      conclusion: '责令整改',
      findings: [
        { id: 11, kind: 'wild_game_menu', note: '菜单列有野兔、斑鸠', evidence_ids: [5] },
        { kind: 'illegal_sale' },
      ],
    })
    expect(changedLabels(patch)).toEqual(['检查结论', '发现的问题'])
  })

  it('clears a text with "" and leaves the group with null', () => {
    const x = inspection()
    const form = inspectionEditForm(x)
    form.conclusion = ''
    form.group_id = null
    expect(inspectionPatch(x, form)).toEqual({ conclusion: '', group_id: null })
  })

  it('keeps the findings a case was opened from', () => {
    expect(lockedFindingIds(inspection()).size).toBe(0)
    const x = inspection({ case_id: 40 })
    expect([...lockedFindingIds(x)]).toEqual([11])
    const form = inspectionEditForm(x)
    form.findings[0].kind = 'other'
    expect(validateInspectionEdit(x, form)['findings/0/kind']).toMatch('不能改变类型')
    form.findings = []
    expect(validateInspectionEdit(x, form).findings).toMatch('案件 #40')
    expect(validateInspectionEdit(x, inspectionEditForm(x))).toEqual({})
  })

  it('checks the fields as on creation', () => {
    const x = inspection()
    const form = inspectionEditForm(x)
    form.inspected_at = Date.now() + 86400000
    form.holdings[0].count = -1
    const e = validateInspectionEdit(x, form)
    expect(e.inspected_at).toBeTruthy()
    expect(e['holdings/0/count']).toBeTruthy()
  })
})

describe('group corrections', () => {
  const group = {
    id: 2,
    name: '联合检查一组',
    lead_department_code: 'SJ',
    note: '一季度',
    members: [
      { user_id: 1, display_name: '甲', department_code: 'SJ', leader: true },
      { user_id: 2, display_name: '乙', department_code: 'LC', leader: false },
    ],
  }
  it('replaces the members only when they changed', () => {
    const form = groupEditForm(group)
    expect(groupPatch(group, form)).toEqual({})
    form.members.reverse()
    expect(groupPatch(group, form)).toEqual({})
    form.members.push({ user: { id: 3, display_name: '丙', department_code: 'GA' }, leader: false })
    form.note = ''
    form.lead_department = 'LC'
    expect(groupPatch(group, form)).toEqual({
      note: '',
      lead_department: 'LC',
      members: [
        { user_id: 2, leader: false },
        { user_id: 1, leader: true },
        { user_id: 3, leader: false },
      ],
    })
  })
})

describe('customs assessment list', () => {
  it('keeps the filters in the URL and sends epoch milliseconds', () => {
    const v = parseListQuery(ASSESSMENT_LIST, { level: 'high', recommendation: '重点查验', q: '象牙', hs_code: '9601', from: '2026-03-01', page: '2' })
    expect(v.level).toBe('high')
    expect(v.page).toBe(2)
    const params = toApiParams(ASSESSMENT_LIST, v)
    expect(params.level).toBe('high')
    expect(params.q).toBe('象牙')
    expect(typeof params.from).toBe('number')
    expect(parseListQuery(ASSESSMENT_LIST, { level: 'severe' }).level).toBe('')
  })
  it('checks an HS code prefix and orders the reasons', () => {
    expect(hsCodeProblem('')).toBe('')
    expect(hsCodeProblem('0507')).toBe('')
    expect(hsCodeProblem('05a')).toMatch('数字')
    const rows = reasonRows({ reasons: [{ rule: 'hs_code', points: 20, reason: 'a' }, { rule: 'origin_country', points: 30, reason: 'b' }] }, { origin_country: '原产国' })
    expect(rows.map((r) => r.label)).toEqual(['原产国', 'hs_code'])
    expect(shortText('一二三四五', 3)).toBe('一二三…')
  })
})

describe('seizure point', () => {
  it('sends the point rounded to 6 decimals, or none', () => {
    const form = { ...emptySeizure(), species_text: '穿山甲', product_type: 'scales', weight_kg: 1 }
    expect(seizureBody(form).lon).toBeUndefined()
    form.point = { lon: 105.123456789, lat: 37.5 }
    const body = seizureBody(form)
    expect(body.lon).toBe(105.123457)
    expect(body.lat).toBe(37.5)
  })
})
