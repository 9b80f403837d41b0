// 战果统计 (issue 8): the office opens the dashboard on the demo data over
// the last year; each key figure card shows the number GET /api/v1/stats
// gives for the same period; clicking a card opens the list behind it with
// the same total; the trend sums to the figures; the map shows points; the
// Excel export downloads a workbook. A department officer sees its own
// dashboard without the department picker.
import { assert, assertEqual } from './harness.mjs'
import { api, login, openNav } from './pages.mjs'

export function registerDashboardFlows({ test }) {
  test('战果统计：卡片数字与接口一致、下钻到列表、地图、导出 Excel', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'office', passwords.office)
    // The navigation entry.
    await openNav(page, '战果统计')
    await page.waitForURL(/\/dashboard/)

    // The last year up to today, in the browser's time zone (the page's days
    // are local days there, not the test runner's).
    const { from, to, msFrom, msTo } = await page.evaluate(() => {
      const p = (n) => String(n).padStart(2, '0')
      const day = (d) => `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
      const now = new Date()
      const first = new Date(now.getFullYear() - 1, now.getMonth(), now.getDate() + 1)
      const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1)
      return { from: day(first), to: day(now), msFrom: first.getTime(), msTo: next.getTime() }
    })
    await page.goto(`${baseUrl}/dashboard?period=custom&from=${from}&to=${to}`)
    await page.locator('[data-test=card-cases\\.opened]').waitFor()
    await page.locator('[data-test=dashboard-ranking] .el-table__row').first().waitFor()

    // The API's figures for the same period (local midnights, as the page asks).
    const stats = await api(page, 'GET', `/api/v1/stats?from=${msFrom}&to=${msTo}`)
    const figure = (code) => stats.sections.flatMap((s) => s.figures).find((f) => f.code === code)
    for (const code of ['tips.received', 'cases.opened', 'patrols.km', 'inspections.count']) {
      const shown = await page.locator(`[data-test="card-${code}"]`).getAttribute('data-value')
      assertEqual(Number(shown), figure(code).value, `card ${code}`)
    }
    assert(figure('cases.opened').value > 0, 'the demo data has cases in the last year')

    // The trend adds up to the period's figures.
    const series = await api(page, 'GET', `/api/v1/stats/series?from=${msFrom}&to=${msTo}&bucket=month&figures=cases.opened,tips.received`)
    for (const s of series.series) assertEqual(s.values.reduce((a, b) => a + b, 0), figure(s.code).value, `series ${s.code}`)
    await page.locator('[data-test=dashboard-trend] canvas').first().waitFor()

    // The map shows points (drawn on a canvas; the note counts them).
    await page.locator('[data-test=dashboard-map] canvas').first().waitFor()
    await page.locator('[data-test=dashboard-map-note]', { hasText: '个点' }).waitFor()
    const note = await page.locator('[data-test=dashboard-map-note]').innerText()
    const points = Number(/共 (\d+) 个点/.exec(note)?.[1] || 0)
    assert(points > 0, `the map has points: ${note}`)
    await shot('dashboard')
    await page.locator('[data-test=dashboard-ranking]').scrollIntoViewIfNeeded()
    await shot('dashboard-ranking')
    await page.locator('[data-test=dashboard-map]').scrollIntoViewIfNeeded()
    await shot('dashboard-map')
    await page.evaluate(() => window.scrollTo(0, 0))

    // Export: the formatted workbook.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=dashboard-export]')])
    assert(download.suggestedFilename().endsWith('.xlsx'), `xlsx file: ${download.suggestedFilename()}`)
    const bytes = await (await import('node:fs/promises')).readFile(await download.path())
    assertEqual(bytes.subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file')

    // Drill: the card opens the case list whose total is the figure.
    const listed = page.waitForResponse((r) => r.url().includes('/api/v1/cases?') && r.request().method() === 'GET')
    await page.click('[data-test="card-cases.opened"]')
    await page.waitForURL(/\/cases\?/)
    const body = await (await listed).json()
    assertEqual(body.total, figure('cases.opened').value, 'the case list total equals the card')
    const url = new URL(page.url())
    assertEqual(url.searchParams.get('created_from'), from, 'the list starts on the first day')
    assertEqual(url.searchParams.get('created_to'), to, 'and ends on the last day')
    await page.waitForLoadState('networkidle')
    await shot('dashboard-drill-cases')

    // The tips card as well.
    await page.goBack()
    await page.locator('[data-test="card-tips.received"]').waitFor()
    const tips = page.waitForResponse((r) => r.url().includes('/api/v1/tips?') && r.request().method() === 'GET')
    await page.click('[data-test="card-tips.received"]')
    await page.waitForURL(/\/tips\?/)
    assertEqual((await (await tips).json()).total, figure('tips.received').value, 'the tip list total equals the card')

    // Criminal transfers: the transfer list in both directions and every state.
    if (figure('transfers.criminal_sent').drill) {
      await page.goBack()
      await page.locator('[data-test="card-transfers.criminal_sent"]').waitFor()
      const transfers = page.waitForResponse((r) => r.url().includes('/api/v1/transfers?') && r.url().includes('kind=criminal') && r.request().method() === 'GET')
      await page.click('[data-test="card-transfers.criminal_sent"]')
      await page.waitForURL(/\/transfers\?/)
      assertEqual((await (await transfers).json()).total, figure('transfers.criminal_sent').value, 'the transfer list total equals the card')
      await page.waitForLoadState('networkidle')
      await shot('dashboard-drill-transfers')
    }
  })

  test('战果统计：部门看本部门的战果', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/dashboard?period=month`)
    await page.locator('[data-test=card-cases\\.opened]').waitFor()
    assertEqual(await page.locator('[data-test=dashboard-department]').count(), 0, 'no department picker')
    const text = await page.locator('.page-title').innerText()
    assert(text.includes('本部门及共享给本部门的记录'), `scope shown: ${text}`)
    await shot('dashboard-department')
  })
}
