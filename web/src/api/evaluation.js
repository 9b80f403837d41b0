// The evaluation (督导考核) and supervision routes (kept apart from index.js,
// which many features edit).
import { http } from './index.js'

const V1 = '/api/v1'

export const evaluationApi = {
  // { data, etag }: the configuration and its version as ETag ("v3").
  indicators: () => http.send('GET', `${V1}/evaluation/indicators`),
  putIndicators: (indicators, etag) => http.send('PUT', `${V1}/evaluation/indicators`, { json: { indicators }, ifMatch: etag }),
  runs: (params) => http.get(`${V1}/evaluation/runs`, params),
  run: (id) => http.get(`${V1}/evaluation/runs/${id}`),
  createRun: (body, key) => http.create(`${V1}/evaluation/runs`, body, key),
  xlsxPath: (id) => `${V1}/evaluation/runs/${id}.xlsx`,
}

export const supervisionApi = {
  list: (params) => http.get(`${V1}/supervision-visits`, params),
  get: (id) => http.send('GET', `${V1}/supervision-visits/${id}`),
  create: (body, key) => http.create(`${V1}/supervision-visits`, body, key),
  update: (id, body, etag) => http.patch(`${V1}/supervision-visits/${id}`, body, etag),
}
