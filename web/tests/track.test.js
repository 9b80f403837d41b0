import { describe, expect, it } from 'vitest'
import { buildGpx, distanceM, fixFromPosition, formatDuration, rejectFix, trackKm } from '../src/lib/track.js'

describe('GPS track', () => {
  it('measures great-circle distances', () => {
    // One thousandth of a degree of latitude is about 111 m.
    expect(distanceM({ lon: 105.19, lat: 37.51 }, { lon: 105.19, lat: 37.511 })).toBeCloseTo(111.2, 0)
    expect(distanceM({ lon: 105, lat: 37 }, { lon: 105, lat: 37 })).toBe(0)
    expect(trackKm([{ lon: 105.19, lat: 37.5 }, { lon: 105.19, lat: 37.51 }, { lon: 105.19, lat: 37.52 }])).toBeCloseTo(2.224, 2)
    expect(trackKm([])).toBe(0)
  })

  it('drops imprecise fixes and jitter near the last point', () => {
    const last = { lon: 105.19, lat: 37.51 }
    expect(rejectFix(null, { lon: 105.19, lat: 37.51, acc: 8 })).toBe('')
    expect(rejectFix(last, { lon: 105.19, lat: 37.5101, acc: 120 })).toBe('inaccurate')
    expect(rejectFix(last, { lon: 105.19, lat: 37.51005, acc: 5 })).toBe('too_close') // ≈ 5.6 m
    expect(rejectFix(last, { lon: 105.19, lat: 37.5102, acc: 5 })).toBe('') // ≈ 22 m
    expect(rejectFix(last, { lon: 105.19, lat: 37.5102, acc: null })).toBe('')
    expect(rejectFix(last, { lon: Number.NaN, lat: 37.5 })).toBe('invalid')
    expect(rejectFix(null, { lon: 105, lat: 95 })).toBe('invalid')
  })

  it('reads a browser position', () => {
    expect(fixFromPosition({ coords: { longitude: 105.123456789, latitude: 37.5, accuracy: 12.6 }, timestamp: 1700000000123 })).toEqual({
      lon: 105.1234568, lat: 37.5, t: 1700000000123, acc: 13,
    })
  })

  it('writes GPX 1.1 with UTC times and an escaped name', () => {
    const gpx = buildGpx([{ lon: 105.19, lat: 37.51, t: Date.UTC(2026, 10, 3, 1, 2, 3) }, { lon: 105.2, lat: 37.52 }], { name: '一队 <沙坡头> & 夜巡' })
    expect(gpx).toContain('<gpx version="1.1"')
    expect(gpx).toContain('xmlns="http://www.topografix.com/GPX/1/1"')
    expect(gpx).toContain('<name>一队 &lt;沙坡头&gt; &amp; 夜巡</name>')
    expect(gpx).toContain('<trkpt lat="37.51" lon="105.19"><time>2026-11-03T01:02:03.000Z</time></trkpt>')
    expect(gpx).toContain('<trkpt lat="37.52" lon="105.2"></trkpt>')
    expect(gpx.indexOf('<trkseg>')).toBeLessThan(gpx.indexOf('<trkpt'))
    expect(buildGpx([])).toContain('<trkseg>\n    </trkseg>')
  })

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('00:00')
    expect(formatDuration(65000)).toBe('01:05')
    expect(formatDuration(3909000)).toBe('1:05:09')
    expect(formatDuration(-5)).toBe('00:00')
  })
})
