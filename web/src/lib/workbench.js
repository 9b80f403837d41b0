// The workbench's figures, each the total of a tip or case list (the API
// counts with page_size=1 and answers `total`): the list's URL query is the
// card's link, and the same query read through the list's schema gives the
// API parameters, so the number and the list it opens always agree.
import { periodStarts } from './format.js'
import { formatDay, parseListQuery, toApiParams } from './listQuery.js'
import { CASE_LIST, TIP_LIST } from './listSchemas.js'

export const LISTS = {
  tips: { path: '/tips', schema: TIP_LIST },
  cases: { path: '/cases', schema: CASE_LIST },
}

// The office and the inspectors triage what waits; departments verify what was assigned to them.
export const triagesTips = (me) => me?.role === 'office' || me?.role === 'inspector'

export function workbenchFigures(me, now = new Date()) {
  const office = triagesTips(me)
  const { week, month } = periodStarts(now)
  const mine = me?.role !== 'inspector'
  const figures = [
    { key: 'queue', list: 'tips', label: office ? '待分派线索' : '本部门待核查线索', query: { state: office ? 'pending' : 'assigned' }, tone: 'warning' },
    { key: 'verifying', list: 'tips', label: '核查中的线索', query: { state: 'verifying' } },
    mine && { key: 'mineTips', list: 'tips', label: '我经办的线索', query: { mine: 'true' } },
    // Most urgent first: the nearest deadline (finished cases have none and come last).
    mine && { key: 'mineCases', list: 'cases', label: '我登记的案件', query: { mine: 'true', sort: 'due' } },
    { key: 'overdueTips', list: 'tips', label: '超期线索', query: { overdue: 'true' }, tone: 'danger' },
    { key: 'overdueCases', list: 'cases', label: '超期案件', query: { overdue: 'true' }, tone: 'danger' },
    { key: 'priorityCases', list: 'cases', label: '从重从快案件', query: { priority: 'true' }, tone: 'danger' },
    { key: 'majorCases', list: 'cases', label: '重大案件', query: { major: 'true' }, tone: 'warning' },
  ].filter(Boolean)
  const periods = [
    { key: 'tipsWeek', list: 'tips', label: '本周新增线索', query: { created_from: formatDay(week) } },
    { key: 'tipsMonth', list: 'tips', label: '本月新增线索', query: { created_from: formatDay(month) } },
    { key: 'casesWeek', list: 'cases', label: '本周新增案件', query: { created_from: formatDay(week) } },
    { key: 'casesMonth', list: 'cases', label: '本月新增案件', query: { created_from: formatDay(month) } },
  ]
  return { figures: figures.map(withLink), periods: periods.map(withLink) }
}

function withLink(f) {
  const { path, schema } = LISTS[f.list]
  return { ...f, to: { path, query: f.query }, params: { ...toApiParams(schema, parseListQuery(schema, f.query), { paging: false }), page: 1, page_size: 1 } }
}
