// Transfers (移交 / 行刑衔接移送) without Vue: labels, who may decide, and
// the transfer of a case waiting for the user's department.

export const TRANSFER_STATES = [
  { code: 'requested', label: '待接收', tag: 'warning' },
  { code: 'accepted', label: '已接收', tag: 'success' },
  { code: 'returned', label: '已退回', tag: 'info' },
]
export const TRANSFER_KINDS = [
  { code: 'criminal', label: '行刑衔接', tag: 'danger' },
  { code: 'handover', label: '移交', tag: 'primary' },
]
export const TRANSFER_DIRECTIONS = [
  { code: 'incoming', label: '移来本部门' },
  { code: 'outgoing', label: '本部门移出' },
]

const byCode = (list, code) => list.find((x) => x.code === code)
export const transferStateLabel = (code) => byCode(TRANSFER_STATES, code)?.label || code || '—'
export const transferStateTag = (code) => byCode(TRANSFER_STATES, code)?.tag || 'info'
export const transferKindLabel = (code) => byCode(TRANSFER_KINDS, code)?.label || code || '—'
export const transferKindTag = (code) => byCode(TRANSFER_KINDS, code)?.tag || 'primary'

// Roles whose department receives transfers and decides on them.
export const RECEIVING_ROLES = ['office', 'leader', 'officer']

// Whether this user may accept or return the transfer: still waiting, and
// the user is the office or works in the receiving department.
export function canDecideTransfer(me, t) {
  if (!me || !t || t.state !== 'requested') return false
  if (!me.permissions?.update_records || !RECEIVING_ROLES.includes(me.role)) return false
  return me.role === 'office' || me.department_code === t.to_department
}

// The transfer of this case waiting for the user's own department (the
// reason a receiver may read a case it does not own), or null.
export function pendingForMyDepartment(me, transfers) {
  if (!me) return null
  return (transfers || []).find((t) => t.state === 'requested' && t.to_department === me.department_code) || null
}

// Whether the user reads this case only because a transfer to their
// department is pending (not the office, not the owner, not sharing it):
// the page then offers the decision and no change.
export function readsOnlyAsReceiver(me, kase) {
  if (!me || !kase || me.role === 'office') return false
  if (kase.owner_department === me.department_code || kase.owner_department_id === me.department_id) return false
  const shared = kase.shared_with || []
  if (shared.includes(me.department_code) || shared.includes(me.department_id)) return false
  return !!pendingForMyDepartment(me, kase.transfers)
}

// The label of a transfer document kind from the case vocabulary's checklist.
export function documentLabel(checklist, kind) {
  return (checklist || []).find((c) => c.kind === kind)?.label || kind
}
