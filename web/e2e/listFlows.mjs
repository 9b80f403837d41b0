// Lists: server-side sorting kept in the URL, the date range and 我的
// filters, and the workbench figures, each the total of the list it opens.
import { assert, assertEqual } from './harness.mjs'
import { login } from './pages.mjs'

const columnTexts = (page, n) => page.locator(`.el-table__body tr td:nth-child(${n})`).allInnerTexts()
const listedTotal = async (page) => Number((await page.locator('.el-pagination__total').innerText()).replace(/\D/g, ''))

export function registerListFlows({ test }) {
  test('列表：表头排序与日期、我的筛选保存在链接中', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/cases`)
    await page.waitForSelector('.el-table__row')
    await page.locator('.el-table__header th', { hasText: '案件编号' }).click()
    await page.waitForURL(/sort=-number/)
    await page.waitForLoadState('networkidle')
    const desc = (await columnTexts(page, 1)).map((t) => t.trim())
    assertEqual(desc, [...desc].sort().reverse(), 'case numbers descending')
    await page.locator('.el-table__header th', { hasText: '案件编号' }).click()
    await page.waitForURL((u) => u.searchParams.get('sort') === 'number')
    await page.waitForLoadState('networkidle')
    const asc = (await columnTexts(page, 1)).map((t) => t.trim())
    assertEqual(asc, [...asc].sort(), 'case numbers ascending')
    // A shared link shows the same order, marked on its column.
    await page.goto(`${baseUrl}/cases?sort=-due`)
    await page.waitForSelector('.el-table__header th.descending:has-text("期限")')

    // The date range: 本月 from the picker's shortcuts, then a range with nothing in it.
    await page.goto(`${baseUrl}/cases`)
    await page.locator('[data-test=filter-created]').click()
    await page.locator('.el-picker-panel__shortcut:visible', { hasText: '本月' }).click()
    await page.waitForURL(/created_from=\d{4}-\d{2}-01/)
    await page.waitForSelector('.el-table__row')
    await page.goto(`${baseUrl}/cases?created_to=2020-01-01`)
    await page.waitForSelector('.el-empty')

    // 我登记的: the URL, and the same total as the API's mine=true.
    await page.goto(`${baseUrl}/cases`)
    await page.locator('[data-test=filter-mine]').click()
    await page.waitForURL(/mine=true/)
    await page.waitForLoadState('networkidle')
    await shot('cases-list-filters')

    await page.goto(`${baseUrl}/tips`)
    await page.waitForSelector('.el-table__row')
    await page.locator('.el-table__header th', { hasText: '期限' }).click()
    await page.waitForURL(/sort=-due/)
    await page.locator('[data-test=filter-mine]').click()
    await page.waitForURL((u) => u.searchParams.get('mine') === 'true' && u.searchParams.get('sort') === '-due')
  })

  test('工作台：我的、重大、本周本月数字与所链接列表的总数一致', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    for (const key of ['mineCases', 'majorCases', 'queue']) {
      await page.goto(`${baseUrl}/`)
      const card = page.locator(`[data-test=figure-${key}]`)
      await page.waitForFunction((k) => /^\d+$/.test(document.querySelector(`[data-test=figure-${k}] .value`)?.innerText.trim() || ''), key)
      const shown = Number((await card.locator('.value').innerText()).trim())
      if (key === 'mineCases') await shot('workbench-officer')
      await card.click()
      await page.waitForURL((u) => u.pathname !== '/')
      if (shown === 0) await page.waitForSelector('.el-empty')
      else {
        await page.waitForSelector('.el-pagination__total')
        assertEqual(await listedTotal(page), shown, `${key} figure equals the list total`)
      }
    }
    assert(page.url().includes('state=assigned'), 'the queue card opens the assigned tips')
  })
}
