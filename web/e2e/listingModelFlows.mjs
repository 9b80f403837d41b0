// 复核模型 (issue 4): on the lexicon page the office sees the fastText
// re-scorer's models and is told, in Chinese, why training is refused while
// there are fewer reviewers' decisions than the minimum it asks for; a model
// in force is switched off (verdicts from the rules alone) and on again.
import { assert, assertEqual } from './harness.mjs'
import { api, login } from './pages.mjs'

// Confirms the ElMessageBox the click opened with its button `text`.
async function confirmBox(page, text) {
  await page.locator('.el-message-box button', { hasText: text }).click()
  await page.locator('.el-message-box').waitFor({ state: 'hidden' })
}

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

  test('词库管理：停用复核模型（只按规则判定）并重新启用', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'office', passwords.office)
    // A few reviewers' decisions — confirmed wildlife posts, dismissed
    // look-alikes — and a model trained on them and put in force.
    const tag = Date.now().toString(36)
    const wildlife = ['出售象牙手镯 现货 加V', '野生穿山甲鳞片 有货 私聊', '虎骨酒 老货 出 包邮', '犀牛角杯 收藏级 出售 加微信']
    const benign = ['象牙白瓷砖 出售 包邮', '虎皮鹦鹉 幼鸟 人工繁育 出售', '树脂仿真象牙摆件 出', '老虎钳 五金工具 现货']
    const listings = [...wildlife, ...benign].map((text, i) => ({ platform: '闲鱼', external_id: `mdl-${tag}-${i}`, title: text.split(' ')[0], text: `${text} ${tag}${i}` }))
    const scanned = await api(page, 'POST', '/api/v1/listings:scan', { listings })
    for (const [i, r] of scanned.results.entries())
      await api(page, 'POST', `/api/v1/listings/${r.id}/review`, i < wildlife.length ? { decision: 'confirmed' } : { decision: 'dismissed', note: '并非野生动物制品' })
    const model = await api(page, 'POST', '/api/v1/listing-models', { min_decisions: listings.length, activate: true })
    assert(model.active, 'the trained model is in force')
    try {
      await page.goto(`${baseUrl}/admin/lexicon`)
      await page.locator('.el-tabs__item', { hasText: '复核模型' }).click()
      const inForce = page.locator('[data-test=listing-models-in-force]')
      await inForce.filter({ hasText: model.version }).waitFor()
      const row = page.locator('[data-test=listing-models-table] .el-table__row', { hasText: model.version })
      await row.locator('text=生效中').waitFor()

      // Switched off from its row, after a confirmation: the rules alone.
      await row.locator('[data-test=listing-models-stop]').click()
      await page.locator('.el-message-box', { hasText: '判定只依据规则' }).waitFor()
      await confirmBox(page, '停用')
      await inForce.filter({ hasText: '只依据规则' }).waitFor()
      await row.locator('[data-test=listing-models-withdrawn]').waitFor()
      assertEqual((await api(page, 'GET', '/api/v1/listing-models')).active_version, null, 'no model in force on the server')
      await shot('listing-models-withdrawn')

      // On again (重新启用), then off with the button above the table.
      await row.locator('[data-test=listing-models-use]', { hasText: '重新启用' }).click()
      await confirmBox(page, '启用')
      await row.locator('text=生效中').waitFor()
      await inForce.filter({ hasText: model.version }).waitFor()
      assertEqual((await api(page, 'GET', '/api/v1/listing-models')).active_version, model.version, 'in force again')
      await page.click('[data-test=listing-models-deactivate]')
      await confirmBox(page, '停用')
      await inForce.filter({ hasText: '只依据规则' }).waitFor()
    } finally {
      // The other flows expect the rules' verdicts: never leave a model in force.
      const list = await api(page, 'GET', '/api/v1/listing-models')
      if (list.active_version) await api(page, 'DELETE', `/api/v1/listing-models/${list.active_version}/activation`)
    }
  })
}
