// The two-step import of useCsvImport for a CSV or an Excel workbook
// (.xlsx): a workbook is kept as its bytes and sent as it is (the server
// reads it); a CSV goes through useCsvImport's decoding. send({ csv } or
// { xlsx }, dryRun, key) → the API's answer. The rest — dry run first,
// confirmation, row problems — is useCsvImport's.
import { computed, shallowRef } from 'vue'
import { useCsvImport } from './useCsvImport.js'
import { tableFileKind } from '../lib/tableImport.js'

export function useTableImport(send, options = {}) {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024
  const workbook = shallowRef(null) // ArrayBuffer of a chosen .xlsx
  const kind = shallowRef('')
  const inner = useCsvImport(async (text, dryRun, key) => {
    try {
      return await send(workbook.value ? { xlsx: workbook.value } : { csv: text }, dryRun, key)
    } catch (e) {
      // A problem of the file as a whole (row 0: a damaged workbook) has no row to show.
      if (Array.isArray(e?.rowErrors)) e.rowErrors = e.rowErrors.map((r) => (r.row === 0 ? { ...r, row: null } : r))
      throw e
    }
  }, { ...options, maxBytes })

  async function choose(f) {
    workbook.value = null
    kind.value = ''
    if (!f) return inner.choose(f)
    const head = f.size <= maxBytes ? await f.slice(0, 4).arrayBuffer() : new ArrayBuffer(0)
    const k = tableFileKind(f.name, head)
    if (k === 'xls') {
      await inner.choose(null)
      inner.problem.value = '不支持旧版 .xls 文件：请在 Excel 中“另存为” → “Excel 工作簿(*.xlsx)”或“CSV UTF-8”后再导入'
      return
    }
    // useCsvImport checks the size and keeps the file; a workbook's bytes
    // are then what is sent.
    await inner.choose(f)
    if (k === 'xlsx' && inner.file.value) workbook.value = await f.arrayBuffer()
    kind.value = inner.file.value ? k : ''
  }

  const estimatedRows = computed(() => (workbook.value ? null : inner.estimatedRows.value))
  return { ...inner, kind, choose, estimatedRows }
}
