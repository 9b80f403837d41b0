// The new-case form (POST /api/v1/cases, NewCase in openapi.json): checks
// before the request and the JSON body. Items use lib/legal.js, parties
// lib/caseParties.js; errors of item n are keyed items/n/field, as the API
// names them.
import { caseItemBody, validateCaseItem } from './legal.js'
import { cleanFields } from './fields.js'
import { PARTY_FIELDS } from './caseParties.js'
import { utf8Length } from './validation.js'

export function emptyNewCase() {
  return {
    title: '',
    offence_type: '',
    source: '',
    place_type: '',
    place_text: '',
    point: null,
    occurred_at: null,
    summary: '',
    cross_region: false,
    owner_department: '',
    items: [],
    parties: [],
  }
}

export function validateNewCase(form, now = Date.now()) {
  const e = {}
  if (!form.title.trim()) e.title = '请填写案件名称'
  else if (utf8Length(form.title.trim()) > 300) e.title = '案件名称过长'
  if (!form.offence_type) e.offence_type = '请选择违法类型'
  if (!form.source) e.source = '请选择案件来源'
  if (utf8Length(form.place_text) > 500) e.place_text = '地点描述过长'
  if (utf8Length(form.summary) > 20000) e.summary = '案情摘要过长'
  if (form.occurred_at != null && form.occurred_at > now + 5 * 60 * 1000) e.occurred_at = '发生时间不能晚于现在'
  form.items.forEach((it, n) => {
    for (const [k, v] of Object.entries(validateCaseItem(it))) e[`items/${n}/${k}`] = v
  })
  form.parties.forEach((p, n) => {
    for (const [k, v] of Object.entries(cleanFields(PARTY_FIELDS, p).errors)) e[`parties/${n}/${k}`] = v
  })
  return e
}

export function newCaseBody(form, { pickOwner = false } = {}) {
  const body = { title: form.title.trim(), offence_type: form.offence_type, source: form.source, cross_region: !!form.cross_region }
  if (form.place_type) body.place_type = form.place_type
  if (form.place_text.trim()) body.place_text = form.place_text.trim()
  if (form.point && form.point.lon != null && form.point.lat != null) {
    body.lon = Math.round(form.point.lon * 1e6) / 1e6
    body.lat = Math.round(form.point.lat * 1e6) / 1e6
  }
  if (form.occurred_at != null) body.occurred_at = form.occurred_at
  if (form.summary.trim()) body.summary = form.summary.trim()
  if (pickOwner && form.owner_department) body.owner_department = form.owner_department
  if (form.items.length) body.items = form.items.map(caseItemBody)
  if (form.parties.length) body.parties = form.parties.map((p) => cleanFields(PARTY_FIELDS, p).values)
  return body
}
