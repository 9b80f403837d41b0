// The URL schemas of the tip and case lists (lib/listQuery.js), shared by
// the list pages and by the workbench, whose figures link to the same lists
// they count: a card's number is the total of the list it opens.
import { listSchema } from './listQuery.js'
import { TIP_CHANNELS, TIP_STATES } from './tipVocabulary.js'
import { LISTING_CATEGORIES, LISTING_REVIEW_STATES, LISTING_RISKS, LISTING_SORTS } from './listings.js'
import { LISTING_TAKEDOWN_FILTERS } from './platformNotices.js'

const createdRange = {
  created_from: { type: 'date', bound: 'start' },
  created_to: { type: 'date', bound: 'end' },
}

export const TIP_LIST = listSchema({
  q: { type: 'string' },
  state: { type: 'string', options: TIP_STATES.map((s) => s.code) },
  channel: { type: 'string', options: TIP_CHANNELS.map((s) => s.code) },
  department: { type: 'string' },
  overdue: { type: 'boolean' },
  mine: { type: 'boolean' },
  ...createdRange,
  sort: { type: 'sort', fields: { created: '接收时间', due: '办理期限' } },
})

export const CASE_LIST = listSchema({
  q: { type: 'string' },
  state: { type: 'string' },
  offence_type: { type: 'string' },
  owner_department: { type: 'string' },
  priority: { type: 'boolean' },
  major: { type: 'boolean' },
  overdue: { type: 'boolean' },
  mine: { type: 'boolean' },
  ...createdRange,
  sort: { type: 'sort', fields: { created: '登记时间', occurred: '发生日期', due: '办理期限', number: '案件编号', updated: '更新时间' } },
})

// 网络巡查: the queue opens on what waits for review; "all" drops the state filter.
export const LISTING_LIST = listSchema({
  state: { type: 'string', options: [...LISTING_REVIEW_STATES.map((s) => s.code), 'all'], default: 'pending', toApi: (v) => (v === 'all' ? '' : v) },
  risk: { type: 'string', options: LISTING_RISKS.map((r) => r.code) },
  category: { type: 'string', options: LISTING_CATEGORIES.map((c) => c.code) },
  platform: { type: 'string' },
  seller: { type: 'string' },
  from: { type: 'date', bound: 'start' },
  to: { type: 'date', bound: 'end' },
  sort: { type: 'string', options: LISTING_SORTS.map((s) => s.code) },
  // 下架跟踪 (takedown state, or overdue: the platform's deadline passed).
  takedown: { type: 'string', options: LISTING_TAKEDOWN_FILTERS.map((t) => t.code) },
})
