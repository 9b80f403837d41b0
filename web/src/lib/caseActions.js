// The guided actions of a case. The API lists the states a case may move to
// directly (Case.next_states); what each step asks for mirrors the server's
// rule table (core/case_rules.cpp) so the form shows the fields before the
// request, and the server still decides.

const REQUIRED = {
  not_filed: ['reason'],
  revoked: ['reason'],
  police_rejected: ['reason'],
  penalty_decided: ['penalty_decision_no', 'penalty_amount'],
}

const DANGEROUS = new Set(['revoked', 'not_filed', 'police_rejected'])

export function requiredFields(to) {
  return REQUIRED[to] || []
}

export function isDestructive(to) {
  return DANGEROUS.has(to)
}

// The actions to offer: the API's next_states labelled with the vocabulary,
// nothing when the user may not update records or the case is final.
export function transitionActions(kase, stateLabels, canUpdate) {
  if (!canUpdate || !kase) return []
  return (kase.next_states || []).map((to) => ({
    to,
    label: stateLabels[to] || to,
    required: requiredFields(to),
    destructive: isDestructive(to),
  }))
}

// Validates the form of one action; returns { field: message }.
export function validateTransition(to, form) {
  const errors = {}
  for (const f of requiredFields(to)) {
    const v = form[f]
    if (v === undefined || v === null || String(v).trim() === '') errors[f] = '必填'
  }
  if (requiredFields(to).includes('penalty_amount') && form.penalty_amount !== '' && form.penalty_amount != null) {
    if (!/^\d+(\.\d{1,2})?$/.test(String(form.penalty_amount).trim())) errors.penalty_amount = '请输入金额（元），最多两位小数'
  }
  return errors
}

// The documents of a 行刑衔接 transfer: every mandatory checklist entry must
// have an uploaded file (the server refuses a note alone). Returns the
// labels still missing.
export function missingTransferDocuments(checklist, documents) {
  const have = new Set((documents || []).filter((d) => d.evidence_id).map((d) => d.kind))
  return (checklist || []).filter((c) => c.mandatory && !have.has(c.kind)).map((c) => c.label)
}
