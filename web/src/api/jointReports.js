// The joint-action report (联合行动报告) routes (kept apart from index.js,
// which many features edit).
import { http } from './index.js'

const V1 = '/api/v1'

export const jointReportsApi = {
  list: (params) => http.get(`${V1}/joint-reports`, params),
  // { data, etag }: the draft with `generated` (总体情况, 战果表, 隐名典型案例).
  get: (id) => http.send('GET', `${V1}/joint-reports/${id}`),
  create: (body, key) => http.create(`${V1}/joint-reports`, body, key),
  update: (id, body, etag) => http.patch(`${V1}/joint-reports/${id}`, body, etag),
  docxPath: (id) => `${V1}/joint-reports/${id}.docx`,
  pdfPath: (id) => `${V1}/joint-reports/${id}.pdf`,
  pressPath: (id) => `${V1}/joint-reports/${id}/press-release.docx`,
}
