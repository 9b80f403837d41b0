// Field records corrected and found (issue 7): the office corrects the demo
// hotel inspection (the unsaved-change guard first), sees the new values and
// the inspection.update entry in the audit log; 市场监管 renames its joint
// group; 海关 records a seizure with a point picked on the map, sees it on
// the seizure's map, assesses a declaration and finds it again in the
// assessment record with the filters in the URL and its reasons.
import { assert } from './harness.mjs'
import { choose, login } from './pages.mjs'

export function registerFieldEditFlows({ test }) {
  test('修正记录：办公室修正检查记录并在审计日志中看到', async ({ page, baseUrl, passwords, shot }) => {
    const tag = Date.now().toString(36)
    await login(page, baseUrl, 'office', passwords.office)
    await page.goto(`${baseUrl}/inspections?place_type=restaurant`)
    await page.locator('[data-test=inspection-list] .el-table__row', { hasText: '黄河宴宾馆' }).first().locator('a').first().click()
    await page.waitForURL(/\/inspections\/\d+$/)
    await page.click('[data-test=inspection-edit-open]')
    const dialog = page.locator('[data-test=inspection-edit]')
    await dialog.locator('textarea[data-test=inspection-edit-conclusion]').waitFor()
    const conclusion = `E2E 修正：撤下野味菜品并立案调查 ${tag}`
    await dialog.locator('textarea[data-test=inspection-edit-conclusion]').fill(conclusion)
    await dialog.locator('[data-test=edit-finding-add]').click()
    const rows = dialog.locator('[data-test^=edit-finding-]').filter({ has: page.locator('.el-select') })
    const last = rows.last()
    await choose(page, last.locator('.el-select').first(), '非法出售')
    await last.locator('input').last().fill('后厨冷柜有斑鸠 3 只')
    await page.locator('[data-test=inspection-edit-dirty]').waitFor()

    // Cancelling with changes asks first; keep editing.
    await dialog.locator('.el-dialog__footer button', { hasText: '取消' }).click()
    const box = page.locator('.el-message-box', { hasText: '未保存的修改' })
    await box.waitFor()
    await shot('inspection-edit-guard')
    await box.locator('button', { hasText: '继续编辑' }).click()
    await box.waitFor({ state: 'hidden' })
    await shot('inspection-edit')
    await dialog.locator('[data-test=inspection-edit-save]').click()
    await dialog.waitFor({ state: 'hidden' })

    // The new values on the page.
    await page.locator('.el-descriptions', { hasText: conclusion }).waitFor()
    await page.locator('[data-test=inspection-findings]', { hasText: '非法出售' }).waitFor()
    const info = await page.locator('.el-descriptions', { hasText: conclusion }).innerText()
    assert(info.includes('第 2 版') || /第 \d+ 版/.test(info), `the version shown: ${info}`)
    await shot('inspection-edited')

    // The audit entry, with the change.
    await page.click('[data-test=inspection-audit]')
    await page.waitForURL(/\/admin\/audit\?.*entity=inspection/)
    const entry = page.locator('.el-table__row', { hasText: 'inspection.update' }).first()
    await entry.waitFor()
    await entry.locator('.el-table__expand-icon').click()
    await page.locator('.diff', { hasText: conclusion }).waitFor()
    await shot('inspection-edit-audit')
  })

  test('修正记录：市场监管修改联合检查组', async ({ page, baseUrl, passwords, shot }) => {
    const tag = Date.now().toString(36)
    await login(page, baseUrl, 'sj.officer', passwords['sj.officer'])
    await page.goto(`${baseUrl}/inspections/groups`)
    const row = page.locator('[data-test=group-list] .el-table__row', { hasText: '联合检查一组' }).first()
    await row.waitFor()
    await row.locator('button', { hasText: '修改' }).click()
    await page.locator('input[data-test=group-name]').fill(`沙坡头区清风行动联合检查一组（${tag}）`)
    await page.locator('.el-dialog:visible .el-alert', { hasText: '未保存的修改' }).waitFor()
    await shot('group-edit')
    await page.click('[data-test=group-submit]')
    await page.locator('[data-test=group-list] .el-table__row', { hasText: tag }).waitFor()
  })

  test('海关：查获记录带地图位置，风险评估记录可筛选并查看理由', async ({ page, baseUrl, passwords, shot }) => {
    const tag = Date.now().toString(36)
    await login(page, baseUrl, 'hg.officer', passwords['hg.officer'])

    // A seizure with a point picked on the map.
    await page.goto(`${baseUrl}/seizures/new`)
    await page.fill('input[data-test=seizure-species]', '穿山甲')
    await choose(page, page.locator('[data-test=seizure-product]'), '鳞片')
    await page.locator('[data-test=seizure-pieces] input').fill('3')
    await page.locator('.el-form-item', { hasText: '案卷/报关单号' }).locator('input').fill(`E2E-${tag}`)
    await page.locator('.el-card', { hasText: '贸易链' }).locator('input').first().fill('NG')
    const point = page.locator('[data-test=seizure-point]')
    await point.locator('button', { hasText: '在地图上选点' }).click()
    const viewport = point.locator('.ol-viewport')
    await viewport.waitFor()
    const bounds = await viewport.boundingBox()
    await page.mouse.click(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2)
    await point.locator('p', { hasText: '已选位置' }).waitFor()
    await shot('seizure-point')
    await page.click('[data-test=seizure-submit]')
    await page.waitForURL(/\/seizures\/\d+$/)
    await page.locator('[data-test=seizure-map] .ol-viewport').waitFor()
    const where = await page.locator('[data-test=seizure-map]').innerText()
    assert(/经度 [\d.]+，纬度 [\d.]+/.test(where), `the point is shown: ${where}`)
    await shot('seizure-map')

    // An assessment, then the record: filtered in the URL, with its reasons.
    await page.goto(`${baseUrl}/customs`)
    await page.fill('input[data-test=customs-hs]', '9601')
    await page.fill('textarea[data-test=customs-description]', `象牙手镯 ${tag}`)
    await page.fill('input[data-test=customs-origin]', 'NG')
    await page.click('[data-test=customs-assess]')
    await page.locator('[data-test=customs-level]', { hasText: '高风险' }).waitFor()
    await page.click('[data-test=customs-record-link]')
    await page.waitForURL(/\/customs\/assessments\/\d+$/)
    await page.locator('[data-test=assessment-reasons] li').first().waitFor()
    assert((await page.locator('[data-test=assessment-recommendation]').innerText()).includes('重点查验'), 'recommendation shown')

    await page.goto(`${baseUrl}/customs/assessments`)
    await choose(page, page.locator('[data-test=assessment-level]'), '高风险')
    await page.waitForURL(/level=high/)
    const q = page.locator('input[data-test=assessment-q]')
    await q.fill(tag)
    await q.press('Enter')
    await page.waitForURL(new RegExp(`q=${tag}`))
    await page.reload()
    const rows = page.locator('[data-test=assessment-list] .el-table__row')
    await rows.first().waitFor()
    assert((await rows.count()) === 1, `one assessment matches: ${await rows.count()}`)
    assert((await rows.first().innerText()).includes('高风险'), 'the level is shown in the list')
    await shot('assessment-list')
    await rows.first().locator('a').first().click()
    await page.waitForURL(/\/customs\/assessments\/\d+$/)
    await page.locator('[data-test=assessment-reasons]').waitFor()
  })
}
