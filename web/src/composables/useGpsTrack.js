// The browser's GPS while a patrol is under way: watchPosition feeds the
// track through the jitter filter (lib/track.js); the latest fix is the
// ranger's current position (for observations) even when it is not kept
// as a track point. The screen is kept on where the browser allows, since
// most phones stop the GPS of a page whose screen went dark.
import { onBeforeUnmount, ref, shallowRef } from 'vue'
import { fixFromPosition, rejectFix } from '../lib/track.js'

export function useGpsTrack({ onPoint } = {}) {
  const fix = shallowRef(null) // latest fix { lon, lat, t, acc }
  const status = ref('idle') // idle | waiting | ok | weak | denied | unavailable | unsupported
  let watchId = null
  let last = null
  let wakeLock = null

  async function keepAwake() {
    try {
      if (navigator.wakeLock && document.visibilityState === 'visible') wakeLock = await navigator.wakeLock.request('screen')
    } catch {
      wakeLock = null
    }
  }
  const onVisible = () => watchId !== null && document.visibilityState === 'visible' && keepAwake()

  function onPosition(pos) {
    const f = fixFromPosition(pos)
    fix.value = f
    const why = rejectFix(last, f)
    status.value = why === 'inaccurate' ? 'weak' : 'ok'
    if (!why) {
      last = f
      onPoint?.(f)
    }
  }

  function onError(err) {
    status.value = err.code === 1 ? 'denied' : 'unavailable'
  }

  // lastPoint: the track's last kept point (after a reload).
  function start(lastPoint = null) {
    last = lastPoint
    if (watchId !== null) return
    if (!navigator.geolocation) {
      status.value = 'unsupported'
      return
    }
    status.value = 'waiting'
    watchId = navigator.geolocation.watchPosition(onPosition, onError, { enableHighAccuracy: true, maximumAge: 5000, timeout: 60000 })
    keepAwake()
    document.addEventListener('visibilitychange', onVisible)
  }

  function stop() {
    if (watchId !== null) navigator.geolocation.clearWatch(watchId)
    watchId = null
    status.value = 'idle'
    document.removeEventListener('visibilitychange', onVisible)
    wakeLock?.release?.().catch(() => {})
    wakeLock = null
  }

  onBeforeUnmount(stop)
  return { fix, status, start, stop }
}

export const GPS_STATUS = {
  idle: { label: '未定位', type: 'info' },
  waiting: { label: '正在定位…', type: 'warning' },
  ok: { label: '定位正常', type: 'success' },
  weak: { label: '信号弱', type: 'warning' },
  denied: { label: '未获定位权限', type: 'danger' },
  unavailable: { label: '暂时无法定位', type: 'danger' },
  unsupported: { label: '不支持定位', type: 'danger' },
}
