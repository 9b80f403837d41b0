import { describe, expect, it } from 'vitest'
import { TABLE_ACCEPT, XLSX_TYPE, looksLikeZip, tableFileKind, tableFileNote, tableImportRequest } from '../src/lib/tableImport.js'

const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])
const csv = new TextEncoder().encode('place_type,name\n')

describe('tableImport', () => {
  it('recognises a workbook by its ZIP bytes before its name', () => {
    expect(looksLikeZip(zip)).toBe(true)
    expect(looksLikeZip(zip.buffer)).toBe(true)
    expect(looksLikeZip(csv)).toBe(false)
    expect(looksLikeZip(new Uint8Array([0x50, 0x4b]))).toBe(false)
    expect(tableFileKind('场所.xlsx', zip)).toBe('xlsx')
    expect(tableFileKind('places.csv', zip)).toBe('xlsx') // renamed, still a workbook
    expect(tableFileKind('places.csv', csv)).toBe('csv')
    expect(tableFileKind('PLACES.XLSX', csv)).toBe('xlsx') // damaged: the server explains
    expect(tableFileKind('old.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toBe('xls')
    expect(tableFileKind('', new Uint8Array())).toBe('csv')
  })

  it('sends a workbook as it is and a CSV as UTF-8 text', () => {
    const bytes = zip.buffer
    expect(tableImportRequest({ xlsx: bytes })).toEqual({ body: bytes, contentType: XLSX_TYPE })
    expect(tableImportRequest({ csv: 'a,b\n' })).toEqual({ body: 'a,b\n', contentType: 'text/csv; charset=utf-8' })
    expect(TABLE_ACCEPT).toContain('.xlsx')
    expect(TABLE_ACCEPT).toContain('.csv')
  })

  it('describes the chosen file', () => {
    expect(tableFileNote('xlsx')).toContain('Excel')
    expect(tableFileNote('csv', { rows: 3, encoding: 'GB18030（已转为 UTF-8）' })).toBe('约 3 行 · GB18030（已转为 UTF-8）')
  })
})
