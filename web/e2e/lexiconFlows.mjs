// 词库管理 (issue 4/5): the office adds a term, checks it, tries a text,
// saves a new revision — the next batch of listings is scanned with it —
// and restores the built-in set from the history. A refused line is shown
// with its file and line.
import { assert, assertEqual } from './harness.mjs'
import { api, login } from './pages.mjs'

export function registerLexiconFlows({ test }) {
  test('词库管理：新增词条、检查、试扫描、保存生效、恢复', async ({ page, baseUrl, passwords, shot }) => {
    const term = `鸟王神器${Date.now().toString(36).slice(-3)}`
    const text = `出售${term} 包邮 晚上用效果好`
    await login(page, baseUrl, 'office', passwords.office)
    await page.goto(`${baseUrl}/admin/lexicon`)
    await page.locator('[data-test=lexicon-files] .el-menu-item', { hasText: 'tools.txt' }).click()
    const editor = page.locator('textarea[data-test=lexicon-text]')
    const original = await editor.inputValue()
    assert(original.includes('@category tool'), 'the tools file is open')

    // A broken line: the check names file and line.
    await editor.fill(`${original}${term} colour=red\n`)
    await page.click('[data-test=lexicon-check]')
    await page.locator('[data-test=lexicon-problem]', { hasText: 'tools.txt:' }).waitFor()
    await shot('lexicon-problem')

    await editor.fill(`${original}${term}\n`)
    await page.locator('[data-test=lexicon-dirty]', { hasText: 'tools.txt' }).waitFor()
    await page.click('[data-test=lexicon-check]')
    await page.locator('[data-test=lexicon-checked]').waitFor()

    // Trial with the edited files: the new term is hit; nothing is saved.
    await page.locator('.el-tabs__item', { hasText: '试扫描' }).click()
    await page.fill('textarea[data-test=lexicon-trial-text]', text)
    await page.click('[data-test=lexicon-trial]')
    await page.locator('[data-test=lexicon-verdict] .el-table__row', { hasText: term }).waitFor()
    await shot('lexicon-trial')
    assertEqual((await api(page, 'GET', '/api/v1/lexicon/revisions')).total, 0, 'a trial saves nothing')

    await page.click('[data-test=lexicon-save]')
    await page.click('[data-test=lexicon-save-confirm]')
    await page.locator('.el-dialog:visible .el-form-item__error', { hasText: '请说明修改原因' }).waitFor()
    await page.fill('textarea[data-test=lexicon-note]', 'E2E：新出现的诱捕器俗称')
    await page.click('[data-test=lexicon-save-confirm]')
    await page.waitForSelector('.el-message--success:has-text("已保存并生效")')
    await page.locator('[data-test=lexicon-head]', { hasText: '第 1 版' }).waitFor()

    const scanned = await api(page, 'POST', '/api/v1/listings:scan', {
      listings: [{ platform: '闲鱼', external_id: `lex-${term}`, url: 'https://example.invalid/lex', text }],
    })
    const listing = await api(page, 'GET', `/api/v1/listings/${scanned.results[0].id}`)
    assert(listing.explanation.hits.some((h) => h.term === term), `the next batch uses revision 1: ${JSON.stringify(listing.explanation.hits)}`)

    await page.locator('.el-tabs__item', { hasText: '修订历史' }).click()
    await page.locator('[data-test=lexicon-history] .el-table__row', { hasText: 'E2E：新出现的诱捕器俗称' }).waitFor()
    await page.click('[data-test=lexicon-restore-builtin]')
    await page.locator('.el-message-box button', { hasText: '恢复' }).click()
    await page.waitForSelector('.el-message--success:has-text("已恢复并生效")')
    await page.locator('[data-test=lexicon-head]', { hasText: '第 2 版' }).waitFor()
    await shot('lexicon-history')
    const back = await api(page, 'POST', '/api/v1/lexicon:trial', { text })
    assert(!back.hits.some((h) => h.term === term), 'the built-in set is in force again')
  })
}
