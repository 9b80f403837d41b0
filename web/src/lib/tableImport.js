// Table files for the imports that take Excel as well as CSV (the places
// registry): an .xlsx workbook is sent as it is — the server reads its first
// worksheet — and a CSV is decoded in the browser (csvImport.js) and sent as
// UTF-8. Which one a file is goes by its leading bytes first (an .xlsx is a
// ZIP: "PK\3\4"), then by its name, since browsers name types variously.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
// The file picker's accept list.
export const TABLE_ACCEPT = `.csv,.xlsx,text/csv,${XLSX_TYPE}`

// Whether the bytes (ArrayBuffer or Uint8Array) start like a ZIP archive.
export function looksLikeZip(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes || new ArrayBuffer(0))
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04
}

// 'xlsx' | 'xls' | 'csv' for a chosen file: its name and first bytes.
export function tableFileKind(name, bytes) {
  if (looksLikeZip(bytes)) return 'xlsx'
  const lower = String(name || '').toLowerCase()
  if (lower.endsWith('.xlsx')) return 'xlsx' // a damaged workbook: the server says what is wrong
  if (lower.endsWith('.xls')) return 'xls'
  return 'csv'
}

// The request of an import: { body, contentType } for the kind of file.
export function tableImportRequest(payload) {
  if (payload?.xlsx) return { body: payload.xlsx, contentType: XLSX_TYPE }
  return { body: payload?.csv ?? '', contentType: 'text/csv; charset=utf-8' }
}

// What the page says about a chosen file.
export function tableFileNote(kind, { rows, encoding } = {}) {
  if (kind === 'xlsx') return 'Excel 工作簿（读取第一个工作表）'
  return `约 ${rows ?? 0} 行 · ${encoding || 'UTF-8'}`
}
