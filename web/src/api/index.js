// The application's client instance and the API's routes, named once.
import { createClient } from './client.js'
import { tableImportRequest } from '../lib/tableImport.js'

const TOKEN_KEY = 'qf.session'
let unauthorizedHandler = () => {}

export const tokenStore = {
  get: () => globalThis.localStorage?.getItem(TOKEN_KEY) || '',
  set: (t) => globalThis.localStorage?.setItem(TOKEN_KEY, t),
  clear: () => globalThis.localStorage?.removeItem(TOKEN_KEY),
}

export function onUnauthorized(handler) {
  unauthorizedHandler = handler
}

export const http = createClient({ getToken: tokenStore.get, onUnauthorized: (e) => unauthorizedHandler(e) })

const V1 = '/api/v1'

export const authApi = {
  login: (username, password) => http.send('POST', `${V1}/auth/login`, { json: { username, password }, anonymous: true }).then((r) => r.data),
  logout: () => http.send('POST', `${V1}/auth/logout`),
  me: () => http.get(`${V1}/me`),
  changePassword: (body) => http.post(`${V1}/me/password`, body),
}

export const tipsApi = {
  list: (params) => http.get(`${V1}/tips`, params),
  get: (id) => http.send('GET', `${V1}/tips/${id}`),
  create: (body, key) => http.create(`${V1}/tips`, body, key),
  update: (id, body, etag) => http.patch(`${V1}/tips/${id}`, body, etag),
  assign: (id, department, key) => http.create(`${V1}/tips/${id}/assign`, { department }, key),
  transition: (id, body, key) => http.create(`${V1}/tips/${id}/transitions`, body, key),
  convert: (id, body, key) => http.create(`${V1}/tips/${id}/convert`, body, key),
  duplicates: (id) => http.get(`${V1}/tips/${id}/duplicates`),
  merge: (id, into, key) => http.create(`${V1}/tips/${id}/merge`, { into }, key),
  exportPath: `${V1}/tips/export`,
}

export const publicApi = {
  submitTip: (body) => http.send('POST', `${V1}/public/tips`, { json: body, anonymous: true }).then((r) => r.data),
  progress: (code) => http.send('GET', `${V1}/public/tips/${encodeURIComponent(code)}`, { anonymous: true }).then((r) => r.data),
}

export const casesApi = {
  vocabulary: () => http.get(`${V1}/case-vocabulary`),
  list: (params) => http.get(`${V1}/cases`, params),
  get: (id) => http.send('GET', `${V1}/cases/${id}`),
  create: (body, key) => http.create(`${V1}/cases`, body, key),
  update: (id, body, etag) => http.patch(`${V1}/cases/${id}`, body, etag),
  transition: (id, body, key) => http.create(`${V1}/cases/${id}/transitions`, body, key),
  timeline: (id) => http.get(`${V1}/cases/${id}/timeline`),
  comment: (id, text, key) => http.create(`${V1}/cases/${id}/comments`, { text }, key),
  addItems: (id, items, key) => http.create(`${V1}/cases/${id}/items`, { items }, key),
  // Replaces one item; If-Match is the case's ETag (412 when the case changed meanwhile).
  updateItem: (id, itemId, item, etag) => http.patch(`${V1}/cases/${id}/items/${itemId}`, item, etag),
  addParties: (id, parties, key) => http.create(`${V1}/cases/${id}/parties`, { parties }, key),
  requestTransfer: (id, body, key) => http.create(`${V1}/cases/${id}/transfers`, body, key),
  exportPath: `${V1}/cases/export`,
  legal: (id) => http.send('GET', `${V1}/cases/${id}/legal`),
  // CSV of historical cases: dry_run=true only checks, false imports (all or nothing).
  importCsv: (text, dryRun, key) =>
    http
      .send('POST', `${V1}/cases/import`, { query: { dry_run: String(!!dryRun) }, body: text, contentType: 'text/csv; charset=utf-8', idempotencyKey: key })
      .then((r) => r.data),
}

export const evidenceApi = {
  upload: (file, { description, key } = {}) =>
    http
      .send('POST', `${V1}/evidence`, {
        query: { name: file.name, description },
        body: file,
        contentType: file.type || 'application/octet-stream',
        idempotencyKey: key,
      })
      .then((r) => r.data),
  get: (id) => http.get(`${V1}/evidence/${id}`),
  content: (id) => http.send('GET', `${V1}/evidence/${id}/content`, { blob: true }),
}

export const speciesApi = {
  list: (params) => http.get(`${V1}/species`, params),
  get: (id) => http.get(`${V1}/species/${id}`),
  lists: () => http.get(`${V1}/species/lists`),
  // A provincial list, CITES status, aliases or base values as CSV (manage_reference_data).
  importList: (code, { kind, title, source, dryRun }, text, key) =>
    http
      .send('POST', `${V1}/species/lists/${encodeURIComponent(code)}`, {
        query: { kind, title, source, dry_run: String(!!dryRun) },
        body: text,
        contentType: 'text/csv; charset=utf-8',
        idempotencyKey: key,
      })
      .then((r) => r.data),
}

export const lawApi = {
  assess: (body) => http.post(`${V1}/law/assess`, body),
  offences: (body) => http.post(`${V1}/law/offences`, body),
}

export const savedFiltersApi = {
  list: (entity) => http.get(`${V1}/saved-filters`, { entity }),
  create: (body, key) => http.create(`${V1}/saved-filters`, body, key),
  remove: (id) => http.del(`${V1}/saved-filters/${id}`),
}

export const notificationsApi = {
  list: (params) => http.get(`${V1}/notifications`, params),
  markRead: (id) => http.post(`${V1}/notifications/${id}/read`),
}

export const directoryApi = {
  departments: () => http.get(`${V1}/departments`),
  department: (id) => http.send('GET', `${V1}/departments/${id}`),
  updateDepartment: (id, body, etag) => http.patch(`${V1}/departments/${id}`, body, etag),
  createUnit: (body, key) => http.create(`${V1}/departments`, body, key),
  users: (params) => http.get(`${V1}/users`, params),
  user: (id) => http.send('GET', `${V1}/users/${id}`),
  createUser: (body, key) => http.create(`${V1}/users`, body, key),
  updateUser: (id, body, etag) => http.patch(`${V1}/users/${id}`, body, etag),
  resetPassword: (id, password, key) => http.create(`${V1}/users/${id}/password`, { password }, key),
}

// API keys of the integration accounts (manage_api_keys): the key itself is
// in the answer to create only.
export const apiKeysApi = {
  list: () => http.get(`${V1}/api-keys`),
  create: (body, key) => http.create(`${V1}/api-keys`, body, key),
  revoke: (id) => http.del(`${V1}/api-keys/${id}`),
}

// The scanner's lexicon (词库管理): get/revision answer { data, etag }.
export const lexiconApi = {
  get: () => http.send('GET', `${V1}/lexicon`),
  revision: (n) => http.send('GET', `${V1}/lexicon/revisions/${n}`),
  revisions: (params) => http.get(`${V1}/lexicon/revisions`, params),
  // { files, note, restored_from? } with If-Match: the revision edited.
  save: (body, etag) => http.send('PUT', `${V1}/lexicon`, { json: body, ifMatch: etag }),
  check: (files) => http.post(`${V1}/lexicon:check`, { files }),
  // { title?, text, files? | revision? }: the explained verdict, nothing saved.
  trial: (body) => http.post(`${V1}/lexicon:trial`, body),
}

export const auditApi = {
  list: (params) => http.get(`${V1}/audit`, params),
  verify: () => http.get(`${V1}/audit/verify`),
}

export const transfersApi = {
  // direction: incoming | outgoing; state: requested | accepted | returned; kind: criminal | handover.
  list: (params) => http.get(`${V1}/transfers`, params),
  accept: (id, note, key) => http.create(`${V1}/transfers/${id}/accept`, note ? { note } : {}, key),
  return: (id, reason, key) => http.create(`${V1}/transfers/${id}/return`, { reason }, key),
}

// 网络巡查: the scanner's review queue (GET), verdicts, takedown tracking and cases.
export const listingsApi = {
  list: (params) => http.get(`${V1}/listings`, params),
  get: (id) => http.send('GET', `${V1}/listings/${id}`),
  // { decision: confirmed | dismissed, note } (a note is required to dismiss or correct).
  review: (id, body, key) => http.create(`${V1}/listings/${id}/review`, body, key),
  // { step: request | notified | taken_down | recheck, note, notified, at, result: gone | online }.
  takedown: (id, body, key) => http.create(`${V1}/listings/${id}/takedown`, body, key),
  // Answers the new case.
  openCase: (id, body, key) => http.create(`${V1}/listings/${id}/case`, body, key),
}

// 平台下架通知: the platforms' takedown-notice endpoints. create and an
// update with rotate_secret answer the signing secret, once.
export const platformsApi = {
  list: (params) => http.get(`${V1}/platforms`, params),
  get: (code) => http.send('GET', `${V1}/platforms/${encodeURIComponent(code)}`),
  create: (body, key) => http.create(`${V1}/platforms`, body, key),
  update: (code, body, etag) => http.patch(`${V1}/platforms/${encodeURIComponent(code)}`, body, etag),
}

// The outgoing-webhook delivery log (office and administrator): a takedown
// notice's delivery is sent again now.
export const webhookDeliveriesApi = {
  retry: (id, key) => http.create(`${V1}/webhook-deliveries/${id}/retry`, {}, key),
}

// 野外巡护: protected zones (GeoJSON Features), coverage, plans and patrols.
export const zonesApi = {
  // A FeatureCollection with paging: { type, features, total, page, page_size }.
  list: (params) => http.get(`${V1}/zones`, params),
  get: (id) => http.send('GET', `${V1}/zones/${id}`),
  update: (id, body, etag) => http.patch(`${V1}/zones/${id}`, body, etag),
  // A GeoJSON Feature { type, properties: { name, kind, … }, geometry: Polygon|MultiPolygon }.
  create: (feature, key) => http.create(`${V1}/zones`, feature, key),
  // from/to in epoch ms: { km, hours, covered_ratio, gaps, plans … }.
  coverage: (id, params) => http.get(`${V1}/zones/${id}/coverage`, params),
  // A GeoJSON or KML file; dry_run=true checks and previews only.
  importFile: (text, { format, dryRun, kind }, key) =>
    http
      .send('POST', `${V1}/zones:import`, {
        query: { dry_run: String(!!dryRun), kind },
        body: text,
        contentType: format === 'kml' ? 'application/vnd.google-earth.kml+xml' : 'application/geo+json',
        idempotencyKey: key,
      })
      .then((r) => r.data),
}

export const patrolPlansApi = {
  list: (params) => http.get(`${V1}/patrol-plans`, params),
  get: (id) => http.get(`${V1}/patrol-plans/${id}`),
  create: (body, key) => http.create(`${V1}/patrol-plans`, body, key),
}

export const patrolsApi = {
  list: (params) => http.get(`${V1}/patrols`, params),
  get: (id) => http.send('GET', `${V1}/patrols/${id}`),
  update: (id, body, etag) => http.patch(`${V1}/patrols/${id}`, body, etag),
  // Makes a tip of an observation (once; a second time answers 409).
  observationTip: (id, oid, key) => http.create(`${V1}/patrols/${id}/observations/${oid}/tip`, {}, key),
  // { zone_id?, team, members, transport, started_at, ended_at?, note? } (the desk form).
  create: (body, key) => http.create(`${V1}/patrols`, body, key),
  // { kind, tool_kind?, count?, species_text?, note?, lon, lat, observed_at, to_tip? }.
  addObservation: (id, body, key) => http.create(`${V1}/patrols/${id}/observations`, body, key),
  // A GPX or KML track file's text (replaces the patrol's track).
  putTrack: (id, text, format) =>
    http
      .send('PUT', `${V1}/patrols/${id}/track`, { body: text, contentType: format === 'kml' ? 'application/vnd.google-earth.kml+xml' : 'application/gpx+xml' })
      .then((r) => r.data),
}

// 场所登记与联合检查 (places, joint inspections, rectification orders).
export const placesApi = {
  list: (params) => http.get(`${V1}/places`, params),
  get: (id) => http.send('GET', `${V1}/places/${id}`),
  update: (id, body, etag) => http.patch(`${V1}/places/${id}`, body, etag),
  create: (body, key) => http.create(`${V1}/places`, body, key),
  // Places from a CSV ({ csv: text }) or an Excel workbook ({ xlsx: ArrayBuffer }):
  // dry_run=true only checks, false imports (all or nothing).
  importFile: (payload, dryRun, key) =>
    http
      .send('POST', `${V1}/places:import`, { query: { dry_run: String(!!dryRun) }, ...tableImportRequest(payload), idempotencyKey: key })
      .then((r) => r.data),
  // The Excel template (a Blob): header row, an example row, column notes.
  importTemplate: () => http.send('GET', `${V1}/places:import-template`, { blob: true }).then((r) => r.data),
}

export const inspectionsApi = {
  list: (params) => http.get(`${V1}/inspections`, params),
  get: (id) => http.send('GET', `${V1}/inspections/${id}`),
  // A correction (PATCH, If-Match): only the fields sent change.
  update: (id, body, etag) => http.patch(`${V1}/inspections/${id}`, body, etag),
  group: (id) => http.send('GET', `${V1}/inspection-groups/${id}`),
  updateGroup: (id, body, etag) => http.patch(`${V1}/inspection-groups/${id}`, body, etag),
  create: (body, key) => http.create(`${V1}/inspections`, body, key),
  groups: (params) => http.get(`${V1}/inspection-groups`, params),
  // The checklist in force for a place type (with its ETag "v<version>").
  checklist: (placeType) => http.send('GET', `${V1}/inspection-checklists/${encodeURIComponent(placeType)}`),
  // The office only; If-Match is the checklist's ETag ("v0" for the built-in default).
  putChecklist: (placeType, body, etag) => http.send('PUT', `${V1}/inspection-checklists/${encodeURIComponent(placeType)}`, { json: body, ifMatch: etag }),
  // { name, lead_department?, note?, members: [{ user_id, leader }] } (members from two departments or more).
  createGroup: (body, key) => http.create(`${V1}/inspection-groups`, body, key),
  // Opens a case from the findings (once): answers the case.
  openCase: (id, body, key) => http.create(`${V1}/inspections/${id}/case`, body, key),
  // { requirement, deadline (ms) }: a 整改通知.
  orderRectification: (id, body, key) => http.create(`${V1}/inspections/${id}/rectifications`, body, key),
  recheck: (orderId, body, key) => http.create(`${V1}/rectifications/${orderId}/recheck`, body, key),
  rectifications: (params) => http.get(`${V1}/rectifications`, params),
}

// 运输检查: checks at checkpoints and logistics companies, and the hand-over.
export const transportApi = {
  list: (params) => http.get(`${V1}/transport-checks`, params),
  get: (id) => http.send('GET', `${V1}/transport-checks/${id}`),
  create: (body, key) => http.create(`${V1}/transport-checks`, body, key),
  // { department_code?, note } → { check, case, transfer, reasons }.
  handover: (id, body, key) => http.create(`${V1}/transport-checks/${id}/handover`, body, key),
  companies: () => http.get(`${V1}/logistics-companies`),
}

// 海关: risk assessment of declarations and seizure records.
export const customsApi = {
  assess: (body, key) => http.create(`${V1}/customs/assess`, body, key),
  // The stored assessments (海关风险评估记录) and one with its reasons.
  assessments: (params) => http.get(`${V1}/customs/assessments`, params),
  assessment: (id) => http.send('GET', `${V1}/customs/assessments/${id}`),
  seizures: (params) => http.get(`${V1}/seizures`, params),
  seizure: (id) => http.send('GET', `${V1}/seizures/${id}`),
  createSeizure: (body, key) => http.create(`${V1}/seizures`, body, key),
  // The rules document with its ETag; a change needs If-Match (leaders, office).
  rules: () => http.send('GET', `${V1}/customs/rules`),
  updateRules: (rules, note, etag) => http.send('PUT', `${V1}/customs/rules`, { json: note ? { rules, note } : { rules }, ifMatch: etag }),
}
