// Publicity records (宣传培训) and periodic reporting (情况报告) routes (kept
// apart from index.js, which many features edit).
import { http } from './index.js'

const V1 = '/api/v1'

export const publicityApi = {
  list: (params) => http.get(`${V1}/publicity-events`, params),
  // { data, etag }
  get: (id) => http.send('GET', `${V1}/publicity-events/${id}`),
  create: (body, key) => http.create(`${V1}/publicity-events`, body, key),
  update: (id, body, etag) => http.patch(`${V1}/publicity-events/${id}`, body, etag),
}

const submission = (id, code) => `${V1}/report-periods/${id}/submissions/${encodeURIComponent(code)}`

export const reportingApi = {
  periods: (params) => http.get(`${V1}/report-periods`, params),
  period: (id) => http.get(`${V1}/report-periods/${id}`),
  createPeriod: (body, key) => http.create(`${V1}/report-periods`, body, key),
  remind: (id) => http.post(`${V1}/report-periods/${id}/reminders`, {}),
  // { data, etag }; etag "v0" while the submission does not exist.
  submission: (id, code) => http.send('GET', submission(id, code)),
  // The first save goes without If-Match (it creates the draft).
  save: (id, code, body, etag) => http.send('PUT', submission(id, code), { json: body, ifMatch: etag && etag !== '"v0"' ? etag : undefined }),
  submit: (id, code, etag) => http.send('POST', `${submission(id, code)}/submit`, { json: {}, ifMatch: etag }),
  returnForCorrection: (id, code, reason, etag) => http.send('POST', `${submission(id, code)}/return`, { json: { reason }, ifMatch: etag }),
  accept: (id, code, etag) => http.send('POST', `${submission(id, code)}/accept`, { json: {}, ifMatch: etag }),
}
