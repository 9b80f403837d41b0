// The 战果 statistics routes (kept apart from index.js, which many features edit).
import { http } from './index.js'

const V1 = '/api/v1'

export const statsApi = {
  figures: (params) => http.get(`${V1}/stats`, params),
  series: (params) => http.get(`${V1}/stats/series`, params),
  map: (params) => http.get(`${V1}/stats/map`, params),
  xlsxPath: `${V1}/stats.xlsx`,
  // The latest campaign reporting period, when the office has set one (the
  // route belongs to periodic reporting; its absence is not an error here).
  campaignPeriods: () => http.get(`${V1}/report-periods`, { kind: 'campaign', page_size: 20 }),
}
