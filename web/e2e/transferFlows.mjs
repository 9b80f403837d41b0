// 移送接收: a department sends a criminal transfer to the police, who see it
// waiting, read the case and its documents before deciding, and accept it.
import { assert } from './harness.mjs'
import { api, fillCriminalTransfer, login, openNav } from './pages.mjs'

export function registerTransferFlows({ test }) {
  test('移送接收：林草局移送公安，公安查看案件与材料后接收', async ({ page, baseUrl, passwords, shot }) => {
    assert(passwords['ga.officer'], 'the demo has a GA officer')
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    const title = `黄河湿地非法猎捕大天鹅案 ${Date.now().toString(36)}`
    const c = await api(page, 'POST', '/api/v1/cases', { title, offence_type: 'illegal_hunting', source: 'patrol', items: [{ species: '大天鹅', count: 2 }] })
    // The leader files it (立案 needs a leader); the officer takes it on from there.
    await login(page, baseUrl, 'lc.leader', passwords['lc.leader'])
    await api(page, 'POST', `/api/v1/cases/${c.id}/transitions`, { to: 'filed' })

    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/cases/${c.id}`)
    await page.click('[data-test=case-investigating]')
    await page.click('[data-test=case-transition-confirm]')
    await page.waitForSelector('h1:has-text("调查取证")')
    await page.click('[data-test=open-transfer]')
    const send = await fillCriminalTransfer(page, '非法猎捕国家二级保护野生动物大天鹅 2 只，涉嫌危害珍贵、濒危野生动物罪')
    await send.click()
    await page.locator('.el-message-box button', { hasText: '确定' }).click()
    await page.waitForSelector('h1:has-text("移送公安")')
    // The sender follows it on the outgoing tab.
    await page.goto(`${baseUrl}/transfers?direction=outgoing`)
    const sent = page.locator('[data-test=transfer-list] .el-table__row', { hasText: c.number })
    await sent.waitFor()
    assert((await sent.innerText()).includes('待接收'), 'the outgoing transfer waits')
    assert((await sent.locator('[data-test=accept-transfer]').count()) === 0, 'the sender cannot accept its own transfer')
    await shot('transfers-outgoing')

    await login(page, baseUrl, 'ga.officer', passwords['ga.officer'])
    const badge = page.locator('[data-test=nav-badge-transfers]')
    await badge.waitFor()
    assert(Number((await badge.innerText()).replace(/\D/g, '')) >= 1, 'the navigation counts waiting transfers')
    await openNav(page, '移送接收')
    await page.waitForURL(/\/transfers/)
    const row = page.locator('[data-test=transfer-list] .el-table__row', { hasText: c.number })
    await row.waitFor()
    const text = await row.innerText()
    assert(text.includes(title) && text.includes('行刑衔接') && text.includes('移送公安'), `case summary listed: ${text}`)
    await shot('transfers-incoming')
    await row.locator('[data-test=open-transfer-case]').click()
    await page.waitForURL(new RegExp(`/cases/${c.id}$`))
    // Read-only until decided: the case, its timeline and the four documents, no change.
    const banner = page.locator('[data-test=pending-transfer]')
    await banner.waitFor()
    assert((await banner.innerText()).includes('待接收'), 'the waiting transfer is named')
    await page.locator('[data-test=transfer-documents] [data-test=evidence]').nth(3).waitFor()
    await page.waitForSelector('[data-test=transfer-documents] :text("涉嫌犯罪案件移送书")')
    await page.waitForSelector('.el-timeline-item')
    assert((await page.locator('[data-test=edit-case], [data-test=add-item], [data-test=open-transfer]').count()) === 0, 'the receiver changes nothing')
    await shot('transfer-receiver-case')
    await banner.locator('[data-test=accept-transfer]').click()
    await page.locator('.el-dialog:visible textarea').fill('材料齐全，予以受理')
    await page.click('[data-test=transfer-decision-submit]')
    await page.waitForSelector('h1:has-text("公安受理")')
    await page.waitForSelector('[data-test=pending-transfer]', { state: 'detached' })
    await page.waitForSelector('[data-test=case-transfers] :text("接收意见：材料齐全，予以受理")')
    // Nothing of it waits any more.
    await page.goto(`${baseUrl}/transfers`)
    await page.locator('[data-test=transfer-list], .el-empty').first().waitFor()
    assert((await page.locator('[data-test=transfer-list] .el-table__row', { hasText: c.number }).count()) === 0, 'no longer waiting')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${baseUrl}/transfers?state=accepted`)
    await page.locator('[data-test=transfer-list] .el-table__row', { hasText: c.number }).waitFor()
    await shot('phone-transfers')
    await page.setViewportSize({ width: 1366, height: 768 })
  })

  test('移送接收：接收部门填写理由并确认后退回移交', async ({ page, baseUrl, passwords }) => {
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    const c = await api(page, 'POST', '/api/v1/cases', { title: `渔具销售点查获电鱼机案 ${Date.now().toString(36)}`, offence_type: 'illegal_fishing', source: 'patrol' })
    await api(page, 'POST', `/api/v1/cases/${c.id}/transfers`, { kind: 'handover', to_department: 'NY', reason: '涉及非法捕捞，属农业农村部门职责' })

    await login(page, baseUrl, 'ny.officer', passwords['ny.officer'])
    await page.goto(`${baseUrl}/transfers`)
    const row = page.locator('[data-test=transfer-list] .el-table__row', { hasText: c.number })
    await row.locator('[data-test=return-transfer]').click()
    const dialog = page.locator('.el-dialog:visible', { hasText: '退回移交' })
    await dialog.locator('[data-test=transfer-decision-submit]').click()
    await dialog.locator('.el-form-item__error', { hasText: '请填写退回理由' }).waitFor()
    await dialog.locator('textarea').fill('案发地在林区，涉案物种为陆生野生动物，请林草局办理')
    await dialog.locator('[data-test=transfer-decision-submit]').click()
    // Returning is confirmed first.
    await page.locator('.el-message-box', { hasText: c.number }).locator('button', { hasText: '退回' }).click()
    await page.waitForSelector('.el-message--success:has-text("已退回")')
    await row.waitFor({ state: 'detached' })

    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/transfers?direction=outgoing&state=returned`)
    const back = page.locator('[data-test=transfer-list] .el-table__row', { hasText: c.number })
    assert((await back.innerText()).includes('退回理由：案发地在林区'), 'the sender reads why it came back')
  })
}
