// 联合行动报告 (issue 8): the office creates a report for this month from the
// 成效与报告 menu, sees the generated 总体情况 and 战果 table, writes 成绩,
// searches for a case and picks it as a typical case, saves, and downloads
// the Word file — a zip whose word/document.xml holds the edited text and
// the anonymised case.
import { inflateRawSync } from 'node:zlib'
import { readFile } from 'node:fs/promises'
import { assert, assertEqual } from './harness.mjs'
import { login, openNav } from './pages.mjs'

// One entry of a zip file, read through its central directory.
export function zipEntry(bytes, name) {
  let eocd = bytes.length - 22
  while (eocd >= 0 && bytes.readUInt32LE(eocd) !== 0x06054b50) eocd--
  if (eocd < 0) return null
  const count = bytes.readUInt16LE(eocd + 10)
  let at = bytes.readUInt32LE(eocd + 16)
  for (let i = 0; i < count; i++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) return null
    const method = bytes.readUInt16LE(at + 10)
    const size = bytes.readUInt32LE(at + 20)
    const nameLength = bytes.readUInt16LE(at + 28)
    const extra = bytes.readUInt16LE(at + 30)
    const comment = bytes.readUInt16LE(at + 32)
    const local = bytes.readUInt32LE(at + 42)
    const entry = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    if (entry === name) {
      const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28)
      const data = bytes.subarray(start, start + size)
      return method === 0 ? data : inflateRawSync(data)
    }
    at += 46 + nameLength + extra + comment
  }
  return null
}

export function registerJointReportFlows({ test }) {
  test('联合行动报告：新建、补写成绩、选入典型案例、下载 Word', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'office', passwords.office)
    await openNav(page, '联合行动报告')
    await page.waitForURL(/\/joint-reports$/)
    await page.locator('[data-test=joint-list]').waitFor()
    await page.locator('[data-test=joint-list]', { hasText: '演示' }).waitFor() // the demo draft
    await shot('joint-reports')

    // A new report for this month (the form's default period), titled.
    await page.click('[data-test=joint-new]')
    const title = `E2E联合行动报告${Date.now().toString(36)}`
    await page.fill('[data-test=joint-form-title] input, input[data-test=joint-form-title]', title)
    const createdResponse = page.waitForResponse((r) => r.url().endsWith('/api/v1/joint-reports') && r.request().method() === 'POST')
    await page.click('[data-test=joint-save]')
    const created = await (await createdResponse).json()
    assertEqual(created.title, title, 'the title typed')
    assertEqual(created.state, 'draft', 'a draft')
    await page.waitForURL(new RegExp(`/joint-reports/${created.id}$`))
    const overview = await page.locator('[data-test=joint-overview]').innerText()
    assert(/立案查处涉野生动物案件\d+起/.test(overview), `the generated overview: ${overview}`)
    await page.locator('[data-test=joint-figures]', { hasText: '合计' }).waitFor()

    // 成绩, and a typical case found by search.
    const achievement = `一是E2E联合检查成效明显${Date.now().toString(36)}。`
    await page.fill('[data-test=joint-achievements] textarea, textarea[data-test=joint-achievements]', achievement)
    await page.click('[data-test=joint-case-search-go]')
    const results = page.locator('[data-test=joint-case-results]')
    await results.waitFor()
    const add = results.locator('[data-test^=joint-case-add-]').first()
    const caseId = Number((await add.getAttribute('data-test')).replace('joint-case-add-', ''))
    await add.click()
    await page.locator(`[data-test=joint-case-${caseId}]`).waitFor()
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/joint-reports/${created.id}`) && r.request().method() === 'PATCH')
    await page.click('[data-test=joint-save]')
    const patched = await (await saved).json()
    assertEqual(patched.achievements, achievement, 'the section saved')
    assertEqual(patched.case_ids, [caseId], 'the case chosen')
    assertEqual(patched.version, 2, 'a new version')
    // After the reload the chosen case shows its anonymised paragraph.
    await page.locator(`[data-test=joint-case-${caseId}] .case-text`).waitFor()
    await shot('joint-report-edited')

    // The Word file: a zip whose document holds the edited text.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=joint-download-docx]')])
    assert(download.suggestedFilename().endsWith('.docx'), `docx file: ${download.suggestedFilename()}`)
    const bytes = await readFile(await download.path())
    assertEqual(bytes.subarray(0, 2).toString(), 'PK', 'a docx (zip) file')
    const xml = zipEntry(bytes, 'word/document.xml')?.toString('utf8') || ''
    assert(xml.includes(achievement), 'word/document.xml holds the edited 成绩')
    assert(xml.includes('各部门战果') && xml.includes('典型案例'), 'with its sections')
    assert(zipEntry(bytes, 'word/media/image1.png') !== null, 'and the charts')

    // The press release downloads too.
    const [press] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=joint-download-press]')])
    assert(press.suggestedFilename().endsWith('.docx'), `press release: ${press.suggestedFilename()}`)
  })
}
