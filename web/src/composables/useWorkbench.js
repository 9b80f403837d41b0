// The workbench's data: every figure is a list total (lib/workbench.js),
// the short lists are the first rows of filtered lists, the state
// distribution one total per state, and recent points for the map. Each
// part loads on its own so one failure does not blank the page.
import { reactive } from 'vue'
import { casesApi, notificationsApi, tipsApi } from '../api/index.js'
import { errorMessage } from '../api/problem.js'
import { triagesTips, workbenchFigures } from '../lib/workbench.js'

const API = { tips: tipsApi.list, cases: casesApi.list }
const total = async (fetch, params) => (await fetch({ ...params, page: 1, page_size: 1 })).total

export function useWorkbench(me) {
  const office = triagesTips(me)
  const { figures, periods } = workbenchFigures(me)
  const state = reactive({
    stats: {},
    unread: null,
    queue: { items: [], loading: true, error: '' },
    mine: { items: [], loading: true, error: '' },
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

  const figure = (key) => figures.find((f) => f.key === key)
  const rows = (key, n = 6) => API[figure(key).list]({ ...figure(key).params, page_size: n }).then((p) => p.items)

  function load(stateLabels) {
    for (const f of figures) total(API[f.list], f.params).then((n) => (state.stats[f.key] = n)).catch(() => (state.stats[f.key] = '—'))
    total(notificationsApi.list, { unread: 'true' }).then((n) => (state.unread = n)).catch(() => (state.unread = '—'))
    part('queue', async (t) => (t.items = await rows('queue')))
    if (figure('mineCases')) part('mine', async (t) => (t.items = await rows('mineCases')))
    part('priority', async (t) => (t.items = await rows('priorityCases')))
    part('major', async (t) => (t.items = await rows('majorCases')))
    part('periods', async (t) => {
      const counts = await Promise.all(periods.map((p) => total(API[p.list], p.params)))
      t.rows = Object.fromEntries(periods.map((p, i) => [p.key, { ...p, count: counts[i] }]))
    })
    part('caseStates', async (t) => {
      const codes = Object.keys(stateLabels)
      const counts = await Promise.all(codes.map((s) => total(casesApi.list, { state: s })))
      t.data = codes.map((c, i) => ({ name: stateLabels[c], code: c, value: counts[i] })).filter((d) => d.value > 0)
    })
    part('points', async () => {
      const [tips, cases] = await Promise.all([tipsApi.list({ page_size: 100 }), casesApi.list({ page_size: 100, sort: '-created' })])
      state.points = [
        ...tips.items.filter((t) => t.lon != null).map((t) => ({ id: `tip-${t.id}`, lon: t.lon, lat: t.lat, color: '#e6a23c' })),
        ...cases.items.filter((c) => c.lon != null).map((c) => ({ id: `case-${c.id}`, lon: c.lon, lat: c.lat, color: c.priority ? '#d93026' : '#1f6f50' })),
      ]
    })
  }

  return { state, load, office, figures, periods }
}
