// 复核模型 (issue 4): on the lexicon page the office sees the fastText
// re-scorer's models and is told, in Chinese, why training is refused while
// there are fewer reviewers' decisions than the minimum it asks for.
import { assert } from './harness.mjs'
import { login } from './pages.mjs'

export function registerListingModelFlows({ test }) {
  test('词库管理：复核模型列表，审核决定不足时拒绝训练', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'office', passwords.office)
    await page.goto(`${baseUrl}/admin/lexicon`)
    await page.locator('.el-tabs__item', { hasText: '复核模型' }).click()
    await page.locator('[data-test=listing-models-table]').waitFor()
    const min = page.locator('[data-test=listing-models-min] input')
    await min.fill('1000000')
    await min.blur()
    await page.click('[data-test=listing-models-train]')
    const problem = await page.locator('[data-test=listing-models-problem]').innerText()
    assert(problem.includes('审核决定不足'), `refusal shown, got ${problem}`)
    await shot('listing-models')
  })
}
