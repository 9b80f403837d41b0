// The workbench's figures, all from the list endpoints: totals of filtered
// lists, week/month counts, the case state distribution and recent points
// for the map. Each part loads on its own so one failure does not blank the page.
import { reactive } from 'vue'
import { casesApi, notificationsApi, tipsApi } from '../api/index.js'
import { errorMessage } from '../api/problem.js'
import { periodStarts } from '../lib/format.js'
import { countCreatedSince } from '../lib/periodCounts.js'

const total = async (fetch, params) => (await fetch({ ...params, page: 1, page_size: 1 })).total

export function useWorkbench(me) {
  const office = me.role === 'office' || me.role === 'inspector'
  const state = reactive({
    stats: {},
    queue: { items: [], loading: true, error: '' },
    priority: { items: [], loading: true, error: '' },
    major: { items: [], loading: true, error: '' },
    periods: { loading: true, error: '', rows: null },
    caseStates: { loading: true, error: '', data: [] },
    points: [],
  })

  async function part(key, fn) {
    const target = state[key]
    try {
      await fn(target)
    } catch (e) {
      if (target && typeof target === 'object' && 'error' in target) target.error = errorMessage(e)
    } finally {
      if (target && typeof target === 'object' && 'loading' in target) target.loading = false
    }
  }

  // Tips waiting for me: the office triages pending tips; departments verify assigned ones.
  const queueParams = office ? { state: 'pending' } : { state: 'assigned' }

  function loadStats() {
    const defs = [
      ['queue', tipsApi.list, queueParams],
      ['verifying', tipsApi.list, { state: 'verifying' }],
      ['overdueTips', tipsApi.list, { overdue: 'true' }],
      ['overdueCases', casesApi.list, { overdue: 'true' }],
      ['priorityCases', casesApi.list, { priority: 'true' }],
      ['unread', notificationsApi.list, { unread: 'true' }],
    ]
    return Promise.all(defs.map(([k, f, p]) => total(f, p).then((n) => (state.stats[k] = n)).catch(() => (state.stats[k] = '—'))))
  }

  function load(stateLabels) {
    loadStats()
    part('queue', async (t) => (t.items = (await tipsApi.list({ ...queueParams, page_size: 6 })).items))
    part('priority', async (t) => (t.items = (await casesApi.list({ priority: 'true', page_size: 6 })).items))
    part('major', async (t) => {
      const page = await notificationsApi.list({ page_size: 50 })
      t.items = page.items.filter((n) => n.kind === 'major_case').slice(0, 6)
    })
    part('periods', async (t) => {
      const { week, month } = periodStarts()
      const [tw, tm, cw, cm] = await Promise.all([
        countCreatedSince(tipsApi.list, week, { newestFirst: true }),
        countCreatedSince(tipsApi.list, month, { newestFirst: true }),
        countCreatedSince(casesApi.list, week),
        countCreatedSince(casesApi.list, month),
      ])
      t.rows = { tips: [tw, tm], cases: [cw, cm] }
    })
    part('caseStates', async (t) => {
      const codes = Object.keys(stateLabels)
      const counts = await Promise.all(codes.map((s) => total(casesApi.list, { state: s })))
      t.data = codes.map((c, i) => ({ name: stateLabels[c], value: counts[i] })).filter((d) => d.value > 0)
    })
    part('points', async () => {
      const [tips, cases] = await Promise.all([tipsApi.list({ page_size: 100 }), casesApi.list({ page_size: 100 })])
      state.points = [
        ...tips.items.filter((t) => t.lon != null).map((t) => ({ id: `tip-${t.id}`, lon: t.lon, lat: t.lat, color: '#e6a23c' })),
        ...cases.items.filter((c) => c.lon != null).map((c) => ({ id: `case-${c.id}`, lon: c.lon, lat: c.lat, color: c.priority ? '#d93026' : '#1f6f50' })),
      ]
    })
  }

  return { state, load, office }
}
