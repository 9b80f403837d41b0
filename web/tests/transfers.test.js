import { describe, expect, it } from 'vitest'
import { canDecideTransfer, documentLabel, pendingForMyDepartment, readsOnlyAsReceiver, transferKindLabel, transferStateLabel } from '../src/lib/transfers.js'

const perms = { update_records: true }
const ga = { role: 'officer', department_code: 'GA', department_id: 5, permissions: perms }
const lc = { role: 'leader', department_code: 'LC', department_id: 3, permissions: perms }
const office = { role: 'office', department_code: 'OFFICE', permissions: perms }
const inspector = { role: 'inspector', department_code: 'DC', permissions: {} }
const pending = { id: 6, state: 'requested', from_department: 'LC', to_department: 'GA', kind: 'criminal' }
const kase = { owner_department: 'LC', owner_department_id: 3, shared_with: [], transfers: [pending] }

describe('transfers', () => {
  it('lets the receiving department and the office decide a waiting transfer', () => {
    expect(canDecideTransfer(ga, pending)).toBe(true)
    expect(canDecideTransfer(office, pending)).toBe(true)
    expect(canDecideTransfer(lc, pending)).toBe(false)
    expect(canDecideTransfer(inspector, pending)).toBe(false)
    expect(canDecideTransfer({ ...ga, permissions: {} }, pending)).toBe(false)
    expect(canDecideTransfer(ga, { ...pending, state: 'accepted' })).toBe(false)
  })

  it('finds the transfer waiting for my department', () => {
    expect(pendingForMyDepartment(ga, kase.transfers)).toBe(pending)
    expect(pendingForMyDepartment(lc, kase.transfers)).toBe(null)
    expect(pendingForMyDepartment(ga, [{ ...pending, state: 'returned' }])).toBe(null)
    expect(pendingForMyDepartment(null, kase.transfers)).toBe(null)
  })

  it('makes a receiver a reader only, not the owner, a sharing department or the office', () => {
    expect(readsOnlyAsReceiver(ga, kase)).toBe(true)
    expect(readsOnlyAsReceiver(lc, kase)).toBe(false)
    expect(readsOnlyAsReceiver(office, kase)).toBe(false)
    expect(readsOnlyAsReceiver(ga, { ...kase, shared_with: ['GA'] })).toBe(false)
    expect(readsOnlyAsReceiver(ga, { ...kase, transfers: [] })).toBe(false)
  })

  it('labels states, kinds and documents', () => {
    expect(transferStateLabel('requested')).toBe('待接收')
    expect(transferKindLabel('criminal')).toBe('行刑衔接')
    expect(documentLabel([{ kind: 'item_list', label: '涉案物品清单' }], 'item_list')).toBe('涉案物品清单')
    expect(documentLabel([], 'other')).toBe('other')
  })
})
