// 网络巡查: listings scanned through the API reach the review queue; a 网信
// officer reads the hits in the original text, confirms one, tracks its
// takedown, looks at the seller and opens a case from it.
import { assert } from './harness.mjs'
import { api, choose, login, openNav } from './pages.mjs'

export function registerListingFlows({ test }) {
  test('网络巡查：审核队列、命中高亮、确认违法、下架跟踪、卖家与转为案件', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'wx.officer', passwords['wx.officer'])
    const tag = Date.now().toString(36)
    const scanned = await api(page, 'POST', '/api/v1/listings:scan', {
      listings: [
        { platform: '闲鱼', external_id: `e2e-${tag}-1`, url: 'https://example.invalid/item/1', title: '出售穿山甲片 正品', text: `祖传穿山甲鳞片，野生的，加微信 qf${tag} 详聊。`, seller_account: `seller-${tag}`, seller_name: '老王山货', price: '880' },
        { platform: '闲鱼', external_id: `e2e-${tag}-2`, title: '二手自行车', text: '九成新，自提', seller_account: `bike-${tag}`, price: '200' },
      ],
    })
    const id = scanned.results[0].id
    assert(scanned.results[0].risk === 'high', `the pangolin listing is high risk: ${scanned.results[0].risk}`)

    // Reviewers see the queue's size in the navigation (refreshed on each page change).
    await page.goto(`${baseUrl}/notifications`)
    await page.locator('[data-test=nav-badge-listings]').waitFor()
    await openNav(page, '网络巡查')
    await page.waitForURL(/\/listings/)
    const row = page.locator('[data-test=listing-list] .el-table__row', { hasText: `qf${tag}` })
    await row.waitFor()
    assert((await page.locator('[data-test=listing-list] .el-table__row', { hasText: '二手自行车' }).count()) === 0, 'an unflagged listing is not in the queue')
    await choose(page, page.locator('[data-test=listing-risk]'), '高风险')
    await page.waitForURL(/risk=high/)
    await row.waitFor()
    await shot('listings-queue')

    await row.locator('a').first().click()
    await page.waitForURL(new RegExp(`/listings/${id}$`))
    const title = page.locator('[data-test=listing-title]')
    await title.locator('mark.hit', { hasText: '穿山甲片' }).waitFor()
    await page.locator('[data-test=listing-text] mark.hit', { hasText: '加微信' }).waitFor()
    await page.locator('[data-test=listing-text] mark.contact', { hasText: `qf${tag}` }).waitFor()
    await page.locator('[data-test=listing-hits] .el-table__row', { hasText: '穿山甲鳞片' }).first().click()
    await page.locator('[data-test=listing-text] mark.selected', { hasText: '穿山甲鳞片' }).waitFor()
    assert((await page.locator('[data-test=listing-reasons]').innerText()).includes('物种制品「穿山甲片」'), 'the reasons are listed')
    await shot('listing-detail')

    // Dismissing needs a reason; confirming does not.
    await page.click('[data-test=listing-dismiss]')
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('[data-test=fields-submit]').click()
    await dialog.locator('.el-form-item__error', { hasText: '必填' }).waitFor()
    await dialog.locator('button', { hasText: '取消' }).click()
    await page.click('[data-test=listing-confirm]')
    await page.locator('.el-dialog:visible textarea').fill('出售国家一级保护野生动物制品')
    await page.locator('.el-dialog:visible [data-test=fields-submit]').click()
    await page.waitForSelector('[data-test=listing-review-state]:has-text("确认违法")')

    // Takedown: request (platform notified), taken down, recheck gone.
    await page.click('[data-test=takedown-request]')
    await page.locator('.el-dialog:visible [data-test=fields-submit]').click()
    await page.waitForSelector('[data-test=listing-takedown]:has-text("已通知平台下架")')
    await page.click('[data-test=takedown-taken_down]')
    await page.locator('.el-dialog:visible [data-test=fields-submit]').click()
    await page.waitForSelector('[data-test=takedown-recheck]')
    await page.click('[data-test=takedown-recheck]')
    await choose(page, page.locator('.el-dialog:visible .el-select'), '已下架')
    await page.locator('.el-dialog:visible [data-test=fields-submit]').click()
    await page.waitForSelector('[data-test=listing-takedown]:has-text("复查")')
    await page.waitForFunction(() => !document.querySelector('[data-test^=takedown-]'))
    const takedown = await page.locator('[data-test=listing-takedown]').innerText()
    assert(/下架用时\s*\S+/.test(takedown), `time to takedown shown: ${takedown}`)
    await shot('listing-takedown')

    // The seller's record, then a case from the listing.
    assert((await page.locator('[data-test=listing-seller]').innerText()).includes('已确认违法'), 'seller record shown')
    await page.click('[data-test=seller-listings]')
    await page.waitForURL((u) => u.searchParams.get('seller') === `seller-${tag}` && u.searchParams.get('state') === 'all')
    await page.locator('[data-test=listing-list] .el-table__row', { hasText: '确认违法' }).waitFor()
    await page.goBack()
    await page.click('[data-test=listing-open-case]')
    await page.locator('.el-dialog:visible [data-test=fields-submit]').click()
    await page.waitForURL(/\/cases\/\d+$/)
    await page.waitForSelector('h1:has-text("网络违法信息")')
    await page.goBack()
    await page.waitForSelector('[data-test=listing-case]')

    await page.setViewportSize({ width: 390, height: 844 })
    await page.reload()
    await page.locator('[data-test=listing-title] mark.hit').first().waitFor()
    await shot('phone-listing-detail')
    await page.setViewportSize({ width: 1366, height: 768 })
  })
}
