// The ranger's GPS track: which browser fixes to keep, its length, and the
// GPX 1.1 document sent with PUT /api/v1/patrols/{id}/track.
//
// A phone standing still reports a cloud of fixes a few metres apart and,
// under trees or in a valley, the odd fix hundreds of metres off with a
// large accuracy radius. Keeping those would add kilometres nobody walked,
// so a fix is kept only when it is precise enough and far enough from the
// last kept point.

export const MAX_ACCURACY_M = 50
export const MIN_STEP_M = 10

const EARTH_RADIUS_M = 6371008.8
const rad = (d) => (d * Math.PI) / 180

// Great-circle distance in metres between two { lon, lat } points.
export function distanceM(a, b) {
  const dLat = rad(b.lat - a.lat)
  const dLon = rad(b.lon - a.lon)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

// A track point from a browser GeolocationPosition: { lon, lat, t (ms), acc (m) }.
export function fixFromPosition(pos) {
  return {
    lon: Math.round(pos.coords.longitude * 1e7) / 1e7,
    lat: Math.round(pos.coords.latitude * 1e7) / 1e7,
    t: Math.round(pos.timestamp || Date.now()),
    acc: Number.isFinite(pos.coords.accuracy) ? Math.round(pos.coords.accuracy) : null,
  }
}

// Why a fix is dropped ('' when it is kept): too imprecise, or too close to
// the last kept point (jitter while standing still).
export function rejectFix(last, fix, { maxAccuracy = MAX_ACCURACY_M, minStep = MIN_STEP_M } = {}) {
  if (!Number.isFinite(fix?.lon) || !Number.isFinite(fix?.lat) || Math.abs(fix.lat) > 90 || Math.abs(fix.lon) > 180) return 'invalid'
  if (fix.acc != null && fix.acc > maxAccuracy) return 'inaccurate'
  if (last && distanceM(last, fix) < minStep) return 'too_close'
  return ''
}

// Length of a track in kilometres.
export function trackKm(points) {
  let m = 0
  for (let i = 1; i < points.length; i++) m += distanceM(points[i - 1], points[i])
  return m / 1000
}

const xmlEscape = (s) => String(s).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c])

// A GPX 1.1 document with one track segment; times as UTC ISO 8601.
export function buildGpx(points, { name = '' } = {}) {
  const pts = points
    .map((p) => {
      const time = Number.isFinite(p.t) ? `<time>${new Date(p.t).toISOString()}</time>` : ''
      return `      <trkpt lat="${p.lat}" lon="${p.lon}">${time}</trkpt>`
    })
    .join('\n')
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="Qingfeng ranger page" xmlns="http://www.topografix.com/GPX/1/1">',
    '  <trk>',
    name ? `    <name>${xmlEscape(name)}</name>` : null,
    '    <trkseg>',
    pts || null,
    '    </trkseg>',
    '  </trk>',
    '</gpx>',
    '',
  ]
    .filter((l) => l !== null)
    .join('\n')
}

// "1:05:09" / "12:04" for a duration in milliseconds.
export function formatDuration(ms) {
  const s = Math.max(0, Math.floor((ms || 0) / 1000))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  const p = (n) => String(n).padStart(2, '0')
  return h ? `${h}:${p(m)}:${p(sec)}` : `${p(m)}:${p(sec)}`
}
