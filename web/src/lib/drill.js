// From a statistics figure's `drill` (the API list route and query that
// shows its records, e.g. /api/v1/cases?created_from=…&created_to=…) to the
// web list page showing the same records (/cases?created_from=2026-03-01&…).
//
// The list pages keep days (YYYY-MM-DD, local time) in the URL and send the
// API epoch milliseconds: a `from` day is its local midnight, a `to` day is
// inclusive (the API's exclusive bound is the next day's midnight). A drill's
// milliseconds are turned back into those days; when a bound is not a local
// midnight the day list would show more or fewer records, so the result
// says `exact: false` (the dashboard asks for day-aligned periods, so its
// drills are exact).

import { formatDay } from './listQuery.js'

// The web list of each API list route: its path, the date parameters (with
// their bound) and values the page must be told because its own default
// differs from the API's (the listing queue opens on "pending", the transfer
// list on incoming requests).
export const DRILL_ROUTES = {
  '/api/v1/tips': { path: '/tips', dates: { created_from: 'start', created_to: 'end' } },
  '/api/v1/cases': { path: '/cases', dates: { created_from: 'start', created_to: 'end' } },
  '/api/v1/listings': { path: '/listings', dates: { from: 'start', to: 'end' }, defaults: { state: 'all' } },
  '/api/v1/patrols': { path: '/patrols', dates: { from: 'start', to: 'end' } },
  '/api/v1/inspections': { path: '/inspections', dates: { from: 'start', to: 'end' } },
  '/api/v1/transport-checks': { path: '/transport-checks', dates: { from: 'start', to: 'end' } },
  '/api/v1/seizures': { path: '/seizures', dates: { from: 'start', to: 'end' } },
  '/api/v1/customs/assessments': { path: '/customs/assessments', dates: { from: 'start', to: 'end' } },
  '/api/v1/publicity-events': { path: '/publicity', dates: { from: 'start', to: 'end' } },
  '/api/v1/transfers': { path: '/transfers', dates: { from: 'start', to: 'end' }, defaults: { direction: 'all', state: 'all' } },
}

// Epoch ms → the URL day of a bound, and whether the day means exactly that
// instant (local midnight).
function msToDay(ms, bound) {
  const n = Number(ms)
  if (!Number.isSafeInteger(n) || n < 0) return null
  const at = new Date(bound === 'end' ? n - 1 : n)
  const midnight = new Date(n)
  const exact = midnight.getHours() === 0 && midnight.getMinutes() === 0 && midnight.getSeconds() === 0 && midnight.getMilliseconds() === 0
  return { day: formatDay(at), exact }
}

// drill → { path, query, exact } for router.push, or null when the figure
// has no drill or its list has no page in the UI.
export function drillToRoute(drill, routes = DRILL_ROUTES) {
  if (!drill || typeof drill !== 'string') return null
  const q = drill.indexOf('?')
  const apiPath = q < 0 ? drill : drill.slice(0, q)
  const route = routes[apiPath]
  if (!route) return null
  const params = new URLSearchParams(q < 0 ? '' : drill.slice(q + 1))
  const query = { ...(route.defaults || {}) }
  let exact = true
  for (const [key, value] of params) {
    const bound = route.dates?.[key]
    if (bound && /^\d+$/.test(value)) {
      const d = msToDay(value, bound)
      if (!d) return null
      query[key] = d.day
      exact = exact && d.exact
    } else {
      query[key] = value
    }
  }
  return { path: route.path, query, exact }
}

// The API path of a drill (what the dashboard asks for a total).
export function drillApiPath(drill) {
  if (!drill) return null
  const q = drill.indexOf('?')
  return q < 0 ? drill : drill.slice(0, q)
}
