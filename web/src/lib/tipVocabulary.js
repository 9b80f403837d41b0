// The tip enums of the API (TipState, TipChannel, TipReporterCategory in
// openapi.json) with their Chinese labels, for filters and forms. Records
// themselves carry *_label fields, which the pages prefer.

export const TIP_STATES = [
  { code: 'pending', label: '待分派' },
  { code: 'assigned', label: '已分派' },
  { code: 'verifying', label: '核查中' },
  { code: 'case_opened', label: '已立案' },
  { code: 'unfounded', label: '不属实' },
  { code: 'referred', label: '已转办' },
  { code: 'concluded', label: '已办结' },
]

export const TIP_CHANNELS = [
  { code: 'public_web', label: '网上举报' },
  { code: 'hotline', label: '举报电话 0955-8812769' },
  { code: 'letter_visit', label: '来信来访' },
  { code: '12345', label: '12345 热线转办' },
  { code: 'grid_worker', label: '网格员' },
  { code: 'xueliang_video', label: '雪亮工程视频' },
  { code: 'patrol', label: '巡护发现' },
  { code: 'department', label: '部门移交' },
  { code: 'other', label: '其他' },
]

export const REPORTER_CATEGORIES = [
  { code: 'villager', label: '村民' },
  { code: 'resident', label: '居民' },
  { code: 'ranger', label: '护林员' },
  { code: 'fishery_officer', label: '渔政人员' },
  { code: 'volunteer', label: '志愿者' },
  { code: 'birdwatcher', label: '观鸟爱好者' },
  { code: 'grid_worker', label: '网格员' },
  { code: 'other', label: '其他' },
]

// Tip outcomes a handler records (POST /tips/{id}/transitions), by state.
export const TIP_NEXT = {
  assigned: [{ to: 'verifying', label: '开始核查' }],
  verifying: [
    { to: 'unfounded', label: '不属实', needsNote: true },
    { to: 'referred', label: '转办', needsNote: true },
    { to: 'concluded', label: '办结', needsNote: true },
  ],
}

export const HOTLINE = '0955-8812769'

export const DEPARTMENT_CODES = ['LC', 'NY', 'ZF', 'GA', 'JT', 'WX', 'SJ', 'HG']

export function labelOf(list, code) {
  return list.find((x) => x.code === code)?.label || code || '—'
}
