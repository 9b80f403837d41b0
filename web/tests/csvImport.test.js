import { describe, expect, it } from 'vitest'
import { csvRowCount, csvTemplate, decodeCsv, importProblemRows } from '../src/lib/csvImport.js'
import { ApiError } from '../src/api/problem.js'

describe('csv files', () => {
  it('reads UTF-8 with a BOM and GBK from Excel', () => {
    const utf8 = new TextEncoder().encode('\uFEFFtitle\n灰鹤案\n')
    expect(decodeCsv(utf8.buffer)).toEqual({ text: 'title\n灰鹤案\n', encoding: 'UTF-8' })
    // "灰鹤" in GBK.
    const gbk = new Uint8Array([0xbb, 0xd2, 0xba, 0xd7])
    const out = decodeCsv(gbk.buffer)
    expect(out.text).toBe('灰鹤')
    expect(out.encoding).toMatch(/GB18030/)
  })

  it('counts data rows and writes templates Excel opens', () => {
    expect(csvRowCount('a,b\r\n1,2\r\n\r\n3,4\n')).toBe(2)
    expect(csvTemplate(['a', 'b'], ['x,y', '"q"'])).toBe('\uFEFFa,b\r\n"x,y","""q"""\r\n')
  })
})

describe('import problems', () => {
  it('uses row_errors of a case import', () => {
    const err = new ApiError({ status: 422, rowErrors: [{ row: 2, column: 'title', message: '请填写案件名称' }] })
    expect(importProblemRows(err)).toEqual([{ row: 2, column: 'title', message: '请填写案件名称' }])
  })

  it('reads the row and column out of a species list message', () => {
    const err = new ApiError({ status: 422, errors: [{ field: 'species_list', message: '第 3 行「level」：应为 1、2、sanyou、provincial、cites1 或 cites2' }] })
    expect(importProblemRows(err)).toEqual([{ row: 3, column: 'level', message: '应为 1、2、sanyou、provincial、cites1 或 cites2' }])
    const caseStyle = new ApiError({ status: 422, errors: [{ field: 'rows/2/title', message: '第 2 行「案件名称」(title)：请填写案件名称' }] })
    expect(importProblemRows(caseStyle)).toEqual([{ row: 2, column: 'title', message: '请填写案件名称' }])
    const other = new ApiError({ status: 422, errors: [{ field: 'code', message: '随系统发布的名录不能被导入覆盖' }] })
    expect(importProblemRows(other)).toEqual([{ row: null, column: 'code', message: '随系统发布的名录不能被导入覆盖' }])
  })
})
