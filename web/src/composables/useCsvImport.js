// The two-step CSV import of the API (historical cases, species lists): a
// file is read and decoded, checked with dry_run=true, and only a file that
// passed the check — with the same settings — can be imported; any change
// asks for a new check. Row problems come back as a table.
import { computed, ref, shallowRef } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import { newIdempotencyKey } from '../api/client.js'
import { errorMessage } from '../api/problem.js'
import { csvRowCount, decodeCsv, importProblemRows } from '../lib/csvImport.js'

// send(text, dryRun, key) → the API's answer.
export function useCsvImport(send, { maxBytes = 20 * 1024 * 1024 } = {}) {
  const file = shallowRef(null)
  const text = ref('')
  const encoding = ref('')
  const checked = ref(null) // the dry run's answer
  const imported = ref(null) // the import's answer
  const problem = ref('') // one sentence
  const rows = ref([]) // [{ row, column, message }]
  const busy = ref(false)
  let key = newIdempotencyKey()

  function invalidate() {
    checked.value = null
    imported.value = null
    problem.value = ''
    rows.value = []
    key = newIdempotencyKey()
  }

  async function choose(f) {
    invalidate()
    file.value = null
    text.value = ''
    if (!f) return
    if (f.size > maxBytes) {
      problem.value = `文件过大（上限 ${Math.round(maxBytes / 1024 / 1024)} MB）`
      return
    }
    const decoded = decodeCsv(await f.arrayBuffer())
    file.value = f
    text.value = decoded.text
    encoding.value = decoded.encoding
  }

  async function attempt(dryRun) {
    busy.value = true
    problem.value = ''
    rows.value = []
    try {
      const out = await send(text.value, dryRun, key)
      key = newIdempotencyKey()
      return out
    } catch (e) {
      if (e?.status !== 0) key = newIdempotencyKey()
      rows.value = importProblemRows(e)
      // With a table of rows, one sentence above it is enough.
      problem.value = rows.value.length ? e.detail || e.title : errorMessage(e)
      return null
    } finally {
      busy.value = false
    }
  }

  async function check() {
    if (!text.value) return
    checked.value = await attempt(true)
  }

  async function commit({ confirmMessage } = {}) {
    if (!checked.value) return null
    try {
      await ElMessageBox.confirm(confirmMessage || '校验已通过，确定导入吗？导入后不能撤销。', '确认导入', { type: 'warning', confirmButtonText: '导入', cancelButtonText: '取消' })
    } catch {
      return null
    }
    const out = await attempt(false)
    if (out) {
      imported.value = out
      ElMessage.success('已导入')
    } else {
      checked.value = null
    }
    return out
  }

  const estimatedRows = computed(() => csvRowCount(text.value))
  return { file, text, encoding, checked, imported, problem, rows, busy, estimatedRows, choose, check, commit, invalidate }
}
