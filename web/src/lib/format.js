// Display formats (Asia/Shanghai is the users' zone; the API speaks UTC ISO 8601).

const pad = (n) => String(n).padStart(2, '0')

export function formatDateTime(iso) {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return '—'
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function formatDate(iso) {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return '—'
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export function formatYuan(fen) {
  if (fen === null || fen === undefined) return '—'
  return `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`
}

export function formatBytes(n) {
  if (!Number.isFinite(n)) return '—'
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

// Start of this week (Monday 00:00 local) and of this month.
export function periodStarts(now = new Date()) {
  const day = (now.getDay() + 6) % 7
  const week = new Date(now.getFullYear(), now.getMonth(), now.getDate() - day)
  const month = new Date(now.getFullYear(), now.getMonth(), 1)
  return { week, month }
}
