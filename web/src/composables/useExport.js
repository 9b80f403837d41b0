// Downloads a list export (CSV or Excel) with the list's current filters.
import { ref } from 'vue'
import { ElMessage } from 'element-plus'
import { http } from '../api/index.js'
import { errorMessage } from '../api/problem.js'

export function filenameFromDisposition(header, fallback) {
  if (!header) return fallback
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header)
  return plain ? plain[1] : fallback
}

export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}

export function useExport(path, params, baseName) {
  const exporting = ref(false)
  async function download(format = 'xlsx') {
    exporting.value = true
    try {
      const res = await http.send('GET', path, { query: { ...params.value, format }, blob: true })
      const name = filenameFromDisposition(res.headers.get('Content-Disposition'), `${baseName}.${format}`)
      saveBlob(res.data, name)
      ElMessage.success(`已导出 ${res.headers.get('X-Export-Rows') ?? ''} 条`)
    } catch (e) {
      ElMessage.error({ message: errorMessage(e), duration: 6000, showClose: true })
    } finally {
      exporting.value = false
    }
  }
  return { exporting, download }
}
