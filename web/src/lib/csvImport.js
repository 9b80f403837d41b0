// CSV files for the all-or-nothing imports (historical cases, species
// lists): the server reads UTF-8, while Excel in Chinese Windows saves CSV
// as GBK — such a file is decoded here and sent as UTF-8. A refused import
// lists its problems per row.

// ArrayBuffer → { text, encoding }; UTF-8 (with or without BOM) first, GB18030 otherwise.
export function decodeCsv(buffer) {
  const bytes = new Uint8Array(buffer)
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'UTF-8' }
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030（已转为 UTF-8）' }
  }
}

// The data rows of a CSV text (header excluded, blank lines ignored; quoted
// newlines are rare in these files and only make the count an estimate).
export function csvRowCount(text) {
  return String(text || '').split(/\r?\n/).slice(1).filter((l) => l.trim() !== '').length
}

const ROW_MESSAGE = /^第\s*(\d+)\s*行(?:「([^」]+)」(?:\(([^)]+)\))?)?[：:]\s*(.*)$/s

// An ApiError of an import → [{ row, column, message }]: the row_errors of a
// case import, or field errors whose message starts “第 3 行「level」：…”.
export function importProblemRows(err) {
  if (!err) return []
  if (err.rowErrors?.length) return err.rowErrors.map((r) => ({ row: r.row, column: r.column || '', message: r.message }))
  return (err.errors || []).map((e) => {
    const m = ROW_MESSAGE.exec(e.message || '')
    if (m) return { row: Number(m[1]), column: m[3] || m[2] || '', message: m[4] }
    return { row: null, column: e.field || '', message: e.message }
  })
}

// A template file's text (UTF-8 with BOM, so Excel opens it correctly).
export function csvTemplate(columns, example = []) {
  const quote = (v) => (/[",\r\n]/.test(v) ? `"${String(v).replace(/"/g, '""')}"` : String(v))
  const lines = [columns.map(quote).join(',')]
  if (example.length) lines.push(example.map(quote).join(','))
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
