// 督导考核 (issue 8): the office raises a weight (a new indicator version),
// runs the evaluation of this month on the demo data, expands 林草's row to
// its scores, follows the case drill link to the list whose total is the
// score's denominator, and downloads the Excel table; the inspector
// (督导组) records a visit with an outcome for 市场监管, whose leader then
// reads it.
import { assert, assertEqual } from './harness.mjs'
import { api, choose, login, openNav } from './pages.mjs'

export function registerEvaluationFlows({ test }) {
  test('考核评价：调整权重、运行考核、展开得分、下钻到记录、导出 Excel', async ({ page, baseUrl, passwords, shot, shared }) => {
    await login(page, baseUrl, 'office', passwords.office)
    await openNav(page, '考核评价')
    await page.waitForURL(/\/evaluation/)

    // Adjust a weight: saved as a new version.
    const before = await api(page, 'GET', '/api/v1/evaluation/indicators')
    await page.locator('[data-test=indicator-panel] .el-collapse-item__header').click()
    // The panel opens with a height transition that clips its content (the
    // save button last) until it ends: act on the settled layout.
    await page.waitForFunction(() => {
      const wrap = document.querySelector('[data-test=indicator-panel] .el-collapse-item__wrap')
      return wrap && getComputedStyle(wrap).display !== 'none' && wrap.style.maxHeight === ''
    })
    const weight = page.locator('[data-test="weight-tips.on_time"] input, input[data-test="weight-tips.on_time"]').first()
    await weight.fill('20')
    await weight.press('Tab')
    const save = page.locator('[data-test=indicator-save]:not([disabled])')
    await save.waitFor()
    const put = page.waitForResponse((r) => r.url().endsWith('/api/v1/evaluation/indicators') && r.request().method() === 'PUT')
    await save.click()
    const response = await put
    assert(response.status() === 200, `saving the weights: ${response.status()} ${(await response.text()).slice(0, 300)}`)
    await page.locator('.el-message', { hasText: '已保存为第' }).waitFor()
    const after = await api(page, 'GET', '/api/v1/evaluation/indicators')
    assertEqual(after.version, before.version + 1, 'a new indicator version')
    assertEqual(after.indicators.find((i) => i.code === 'tips.on_time').weight, 20, 'the new weight')
    await shot('evaluation-indicators')

    // Run this month's evaluation.
    const title = `E2E考核${Date.now().toString(36)}`
    await page.fill('input[data-test=evaluation-title]', title)
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/evaluation/runs') && r.request().method() === 'POST')
    await page.click('[data-test=evaluation-run]')
    const run = await (await created).json()
    assertEqual(run.indicator_version, after.version, 'the run froze the new version')
    await page.locator('[data-test=evaluation-run-meta]', { hasText: title }).waitFor()
    const lc = run.departments.find((d) => d.department_code === 'LC')
    const shownTotal = (await page.locator('[data-test=total-LC]').innerText()).trim()
    assertEqual(shownTotal, lc.total === null ? '—' : lc.total.toFixed(2), 'the table shows the run total of 林草')
    const rank = (await page.locator('[data-test=rank-LC]').innerText()).trim()
    assertEqual(rank, lc.rank === null ? '—' : String(lc.rank), 'and its rank')
    await shot('evaluation-ranking')

    // Expand 林草: each score with its inputs and drill links.
    await page.locator('[data-test=evaluation-ranking] .el-table__row', { hasText: '林草' }).first().locator('.el-table__expand-icon').click()
    const explain = page.locator('[data-test=explain-LC]')
    await explain.waitFor()
    await explain.locator('text=案件结案率').first().waitFor()
    await shot('evaluation-explain')

    // Follow the case drill: the list holds the denominator's cases.
    const closure = lc.scores.find((s) => s.code === 'cases.closure_rate')
    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/cases?') && r.request().method() === 'GET')
    await explain.locator('[data-test=drill-link]', { hasText: '期内登记的案件' }).first().click()
    await page.waitForURL(/\/cases\?/)
    const body = await (await listed).json()
    assert(new URL(page.url()).searchParams.get('owner_department') === 'LC', 'the case list is filtered to 林草')
    // The list counts every case opened (不予立案/撤销 included), the score leaves those out.
    assert(body.total >= closure.denominator, `the list (${body.total}) holds the ${closure.denominator} cases counted`)
    await page.waitForLoadState('networkidle')
    await shot('evaluation-drill-cases')

    // Back to the run: download the Excel table.
    await page.goto(`${baseUrl}/evaluation?run=${run.id}`)
    await page.locator('[data-test=evaluation-run-meta]', { hasText: title }).waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=evaluation-export]')])
    assert(download.suggestedFilename().endsWith('.xlsx'), `xlsx file: ${download.suggestedFilename()}`)
    const bytes = await (await import('node:fs/promises')).readFile(await download.path())
    assertEqual(bytes.subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file')
    shared.evaluationRun = run.id
  })

  test('督导组记录督导，被督导部门可查看', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'inspector', passwords.inspector)
    await page.goto(`${baseUrl}/supervision`)
    await page.locator('[data-test=visit-list]').waitFor()
    await page.click('[data-test=visit-new]')
    await page.locator('[data-test=visit-form]').waitFor()
    const findings = `E2E 督导发现${Date.now().toString(36)}：台账不全`
    await page.fill('input[data-test=visit-members]', '周组长、E2E督导')
    await choose(page, page.locator('[data-test=visit-dept-0]'), '市场监管')
    await choose(page, page.locator('[data-test=visit-outcome-0]'), '通报批评')
    await page.fill('textarea[data-test=visit-findings]', findings)
    await page.fill('textarea[data-test=visit-rectification]', '一周内补齐检查台账')
    await shot('supervision-form')
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/supervision-visits') && r.request().method() === 'POST')
    await page.click('[data-test=visit-save]')
    const visit = await (await created).json()
    assertEqual(visit.departments[0].department_code, 'SJ', 'the visited department')
    assertEqual(visit.departments[0].outcome, 'criticism', 'its outcome')
    await page.locator('[data-test=visit-detail]', { hasText: findings }).waitFor()
    await shot('supervision-detail')

    // 市场监管's leader reads it (read-only); 网信 does not see it.
    await login(page, baseUrl, 'sj.leader', passwords['sj.leader'])
    await page.goto(`${baseUrl}/supervision?id=${visit.id}`)
    await page.locator('[data-test=visit-detail]', { hasText: findings }).waitFor()
    assertEqual(await page.locator('[data-test=visit-new]').count(), 0, 'no record button for a department')
    await login(page, baseUrl, 'wx.officer', passwords['wx.officer'])
    const visible = await api(page, 'GET', '/api/v1/supervision-visits?page_size=100')
    assert(!visible.items.some((v) => v.id === visit.id), '网信 does not see a visit to 市场监管')
  })
}
