import { describe, expect, it } from 'vitest'
import { changedFiles, errorLocation, lineOffset, newFileTemplate, termCount, validNewFileName } from '../src/lib/lexiconEditor.js'

describe('lexicon editor', () => {
  it('finds the file and line a refusal names', () => {
    expect(errorLocation('data/lexicon/tools.txt:57: 未知的键 colour')).toEqual({ file: 'tools.txt', line: 57 })
    expect(errorLocation('词库有误：codewords-2.txt:3: 缺少 @category')).toEqual({ file: 'codewords-2.txt', line: 3 })
    expect(errorLocation('请说明修改原因')).toBeNull()
  })

  it('counts terms, not comments or directives', () => {
    expect(termCount('# 说明\n@category tool\n@weight 5\n\n猎套\n  钢丝套  weight=2 \n#猎夹\n')).toBe(2)
    expect(termCount(newFileTemplate())).toBe(0)
  })

  it('names the files an edit touches', () => {
    const before = [{ name: 'a.txt', content: 'x' }, { name: 'b.txt', content: 'y' }]
    expect(changedFiles(before, before)).toEqual([])
    expect(changedFiles(before, [{ name: 'a.txt', content: 'x2' }, { name: 'c.txt', content: '' }])).toEqual(['a.txt', 'c.txt（新增）', 'b.txt（删除）'])
  })

  it('accepts only plain new file names', () => {
    expect(validNewFileName('codewords2.txt', [])).toBe('')
    expect(validNewFileName('tools.txt', [{ name: 'tools.txt' }])).toBe('已有同名文件')
    for (const bad of ['../x.txt', 'Tools.txt', 'tools', '词库.txt', '']) expect(validNewFileName(bad, [])).not.toBe('')
  })

  it('puts the cursor at the start of a line', () => {
    expect(lineOffset('ab\ncd\nef', 1)).toBe(0)
    expect(lineOffset('ab\ncd\nef', 3)).toBe(6)
    expect(lineOffset('ab', 9)).toBe(3)
  })
})
