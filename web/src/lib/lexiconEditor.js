// The lexicon editor's logic (系统管理 › 词库管理): which files changed,
// where a refused line is, how many terms a file holds, a new file's name.
// The server checks everything again (service/lexicon_service.h); this only
// lets the editor point at the problem and warn before edits are lost.

// "data/lexicon/tools.txt:57: 未知的键 colour" → { file: 'tools.txt', line: 57 }.
export function errorLocation(message) {
  const m = /(?:^|\s|：)(?:data\/lexicon\/)?([a-z0-9][a-z0-9_-]*\.txt):(\d+)/.exec(message || '')
  return m ? { file: m[1], line: Number(m[2]) } : null
}

// Terms in a file: lines that are not blank, comments or @directives.
export function termCount(content) {
  let n = 0
  for (const raw of (content || '').split('\n')) {
    const line = raw.trim()
    if (line && !line.startsWith('#') && !line.startsWith('@')) n++
  }
  return n
}

// Names of files added, changed or removed between two file lists.
export function changedFiles(before, after) {
  const old = new Map((before || []).map((f) => [f.name, f.content]))
  const now = new Map((after || []).map((f) => [f.name, f.content]))
  const out = []
  for (const [name, content] of now) if (old.get(name) !== content) out.push(old.has(name) ? name : `${name}（新增）`)
  for (const name of old.keys()) if (!now.has(name)) out.push(`${name}（删除）`)
  return out
}

export function validNewFileName(name, files) {
  const n = (name || '').trim()
  if (!/^[a-z0-9][a-z0-9_-]{0,39}\.txt$/.test(n)) return '文件名应为小写字母、数字、- 或 _ 加 .txt，例如 codewords2.txt'
  if ((files || []).some((f) => f.name === n)) return '已有同名文件'
  return ''
}

// A new file starts with the directives every term needs (scan/lexicon.h).
export function newFileTemplate(category = 'code') {
  return `# 新词库文件（格式见 src/scan/lexicon.h）\n@category ${category}\n@weight 3\n@source 请注明依据（文件、通报或审核结论）\n`
}

// The character offset where line `line` (1-based) starts, to put the
// cursor on a refused line.
export function lineOffset(content, line) {
  const lines = (content || '').split('\n')
  let at = 0
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) at += lines[i].length + 1
  return at
}
