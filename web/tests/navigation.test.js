import { describe, expect, it } from 'vitest'
import { abilities, canOpen, homeFor, navFor } from '../src/lib/navigation.js'

const perms = (p) => ({
  manage_users: false, manage_departments: false, manage_api_keys: false, read_audit: false,
  read_directory: false, create_records: false, update_records: false, share_records: false, ...p,
})
const admin = { role: 'admin', permissions: perms({ manage_users: true, manage_departments: true, manage_api_keys: true, read_audit: true, read_directory: true }) }
const office = { role: 'office', permissions: perms({ read_audit: true, read_directory: true, create_records: true, update_records: true, share_records: true, read_listings: true, review_listings: true }) }
const officer = { role: 'officer', permissions: perms({ read_directory: true, create_records: true, update_records: true, share_records: true }) }
const inspector = { role: 'inspector', permissions: perms({ read_audit: true, read_directory: true }) }
const integration = { role: 'integration', permissions: perms({}) }

const titles = (items) => items.map((i) => (i.children ? `${i.title}[${i.children.map((c) => c.title).join(',')}]` : i.title))
// The pages of the results group (成效与报告) are checked on their own below.
const withoutResults = (items) => titles(items).filter((t) => !t.startsWith('成效与报告'))

describe('role-based navigation', () => {
  it('shows the administrator only system pages and notifications', () => {
    expect(titles(navFor(admin))).toEqual(['通知', '系统管理[用户管理,部门管理,API 密钥,平台通知,审计日志]'])
    expect(homeFor(admin)).toBe('/notifications')
    expect(canOpen(admin, 'tips')).toBe(false)
  })

  it('shows the office the enforcement pages and the audit log', () => {
    expect(withoutResults(navFor(office))).toEqual(['工作台', '举报线索', '案件', '移送接收', '网络巡查', '专项执法[巡护记录,保护区域,场所登记,联合检查,运输检查,风险评估记录,查获记录]', '物种与价值评估', '通知', '系统管理[平台通知,词库管理,审计日志]'])
    expect(canOpen(office, 'users')).toBe(false)
    expect(homeFor(office)).toBe('/')
  })

  it('gives a department officer no system pages, and 网络巡查 only with read_listings', () => {
    expect(withoutResults(navFor(officer))).toEqual(['工作台', '举报线索', '案件', '移送接收', '物种与价值评估', '通知'])
    expect(canOpen({ ...officer, permissions: { ...officer.permissions, read_listings: true } }, 'listings')).toBe(true)
  })

  it('shows 战果统计 to the staff who may read the statistics', () => {
    const leader = { ...officer, role: 'leader' }
    for (const me of [office, officer, leader, inspector]) expect(canOpen(me, 'dashboard')).toBe(true)
    expect(titles(navFor(office))).toContainEqual(expect.stringMatching(/^成效与报告\[.*战果统计/))
    for (const me of [admin, integration, { role: 'ranger', permissions: perms({ record_patrols: true }) }]) expect(canOpen(me, 'dashboard')).toBe(false)
  })

  it('lets the inspector read but not act', () => {
    expect(titles(navFor(inspector))).toContain('系统管理[审计日志]')
    // The inspector decides no transfers: no 移送接收 entry.
    expect(canOpen(inspector, 'transfers')).toBe(false)
    expect(abilities(inspector)).toMatchObject({ updateRecords: false, createRecords: false, assignTips: false })
  })

  it('reserves assignment and merging to the office', () => {
    expect(abilities(office)).toMatchObject({ assignTips: true, mergeTips: true, updateRecords: true })
    expect(abilities(officer)).toMatchObject({ assignTips: false, mergeTips: false, updateRecords: true })
  })

  it('shows field pages by duty and lands rangers on the phone page', () => {
    const ranger = { role: 'ranger', permissions: perms({ create_records: true, record_patrols: true }) }
    expect(titles(navFor(ranger))).toContain('专项执法[野外巡护,巡护记录,保护区域]')
    expect(homeFor(ranger)).toBe('/ranger')
    // A ranger without the duty (not 林草/农业农村) has no phone page and lands as before.
    const other = { role: 'ranger', permissions: perms({ create_records: true }) }
    expect(canOpen(other, 'ranger')).toBe(false)
    expect(homeFor(other)).toBe('/')
    const lcOfficer = { ...officer, permissions: { ...officer.permissions, manage_zones: true, record_patrols: true } }
    expect(titles(navFor(lcOfficer))).toContain('专项执法[野外巡护,巡护记录,保护区域]')
    expect(homeFor(lcOfficer)).toBe('/')
    expect(titles(navFor(officer)).some((t) => t.startsWith('专项执法'))).toBe(false)
    const gaOfficer = { ...officer, permissions: { ...officer.permissions, record_inspections: true, record_transport_checks: true } }
    expect(titles(navFor(gaOfficer))).toContain('专项执法[场所登记,联合检查,运输检查]')
    const hgOfficer = { ...officer, permissions: { ...officer.permissions, record_customs: true } }
    expect(titles(navFor(hgOfficer))).toContain('专项执法[海关风险评估,风险评估记录,查获记录]')
    expect(canOpen(inspector, 'zones')).toBe(true)
    expect(canOpen(inspector, 'ranger')).toBe(false)
  })

  it('gives an integration account notifications only, and nobody anything when signed out', () => {
    expect(titles(navFor(integration))).toEqual(['通知'])
    expect(navFor(null)).toEqual([])
    expect(canOpen(null, 'notifications')).toBe(false)
  })
})
