// Flows of the legal engine's pages: the case's 法律研判 panel leading to
// the 行刑衔接 dialog, the species picker of the item form, the 研判 form,
// the species detail and list tabs with an import, case registration and
// the historical CSV import.
import { assert } from './harness.mjs'
import { api, choose, login, pickSpecies } from './pages.mjs'

async function speciesId(page, q) {
  const found = await api(page, 'GET', `/api/v1/species?q=${encodeURIComponent(q)}`)
  assert(found.items.length > 0, `species ${q} found`)
  return found.items[0].id
}

// Uploads a CSV text through an el-upload button.
async function chooseCsv(page, button, name, text) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), button.click()])
  await chooser.setFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) })
}

export function registerLegalFlows({ test }) {
  test('法律研判：一级保护物种价值超过二万元，涉嫌犯罪并发起行刑衔接', async ({ page, baseUrl, passwords, shared, shot }) => {
    await login(page, baseUrl, 'office', passwords.office)
    const pangolin = await speciesId(page, 'Manis javanica')
    const c = await api(page, 'POST', '/api/v1/cases', {
      title: `出售马来穿山甲案 ${Date.now().toString(36)}`,
      offence_type: 'illegal_trade',
      source: 'market_inspection',
      owner_department: 'LC',
      items: [
        { species: '马来穿山甲', species_id: pangolin, count: 1, value_yuan: '25000', value_basis: '鉴定意见' },
        { species: '不知名的鸟', count: 2 },
      ],
    })
    shared.legalCaseId = c.id
    for (const to of ['filed', 'investigating']) await api(page, 'POST', `/api/v1/cases/${c.id}/transitions`, { to })
    await page.goto(`${baseUrl}/cases/${c.id}`)
    const conclusion = page.locator('[data-test=legal-conclusion]')
    await conclusion.waitFor()
    const text = await conclusion.innerText()
    assert(text.includes('涉嫌犯罪，应当移送公安机关'), `suspected crime shown: ${text.slice(0, 120)}`)
    assert(text.includes('25000.00 元'), 'the reasons name the value')
    const panel = page.locator('[data-test=legal-panel]')
    assert((await panel.locator('[data-test=offence-band]').first().innerText()).includes('基本犯'), 'band shown')
    const items = await panel.locator('[data-test=legal-items]').innerText()
    assert(items.includes('国家一级') && items.includes('案件记录（鉴定意见）'), `item class and value source: ${items}`)
    assert((await panel.locator('[data-test=legal-skipped]').innerText()).includes('不知名的鸟'), 'the unlisted item is named')
    assert((await panel.locator('[data-test=legal-unchecked]').innerText()).includes('待核实'), 'unchecked circumstances listed')
    await panel.scrollIntoViewIfNeeded()
    await shot('case-legal-panel')
    // The button opens the existing 行刑衔接 dialog, prefilled.
    await page.click('[data-test=legal-transfer]')
    const dialog = page.locator('.el-dialog:visible', { hasText: '移送材料清单' })
    await dialog.waitFor()
    const reason = await dialog.locator('textarea').inputValue()
    assert(reason.startsWith('涉嫌犯罪，应当移送公安机关') && reason.includes('危害珍贵、濒危野生动物罪'), `reason prefilled: ${reason.slice(0, 80)}`)
    await page.waitForTimeout(400) // the dialog's opening animation
    await shot('case-legal-transfer')
    await dialog.locator('button', { hasText: '取消' }).click()

    // The item form: species from the catalog, a value only with its basis.
    await page.click('[data-test=add-item]')
    const itemDialog = page.locator('.el-dialog:visible', { hasText: '补充涉案物品' })
    await pickSpecies(page, itemDialog.locator('input[data-test=item-species]'), 'Manis javanica', pangolin)
    await itemDialog.locator('input[data-test=item-value]').fill('3000')
    await itemDialog.locator('[data-test=fields-submit]').click()
    await itemDialog.locator('.el-form-item__error', { hasText: '须注明依据' }).waitFor()
    await itemDialog.locator('input[data-test=item-basis]').fill('销赃数额')
    await shot('case-item-form')
    await itemDialog.locator('[data-test=fields-submit]').click()
    await page.waitForSelector('.el-table__row:has-text("销赃数额")')
    await page.waitForFunction(() => document.querySelector('[data-test=legal-conclusion]')?.innerText.includes('28000.00 元'))

    // On a phone the items are cards: value and value source on screen, no sideways scrolling.
    await page.setViewportSize({ width: 390, height: 844 })
    const cards = panel.locator('[data-test=legal-items] .card')
    await cards.first().waitFor()
    await cards.first().scrollIntoViewIfNeeded()
    const first = await cards.first().innerText()
    assert(first.includes('价值来源') && first.includes('案件记录（鉴定意见）'), `value source on the card: ${first}`)
    for (const box of await cards.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) assert(box <= 390, `card inside the screen (${box})`)
    await shot('phone-case-legal-items')
    await page.setViewportSize({ width: 1366, height: 768 })
  })

  test('行刑衔接研判表单：罪名档次、行政处罚与管辖', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/species/offences`)
    await page.click('[data-test=offences-submit]')
    await page.waitForSelector('.el-form-item__error:has-text("请选择行为")')
    await choose(page, page.locator('[data-test=offences-behaviour]'), '出售')
    const pangolin = await speciesId(page, 'Manis javanica')
    await pickSpecies(page, page.locator('input[data-test=offences-species-0]'), '马来穿山甲', pangolin)
    await page.locator('[data-test=offences-item-0] label', { hasText: '填写认定价值' }).click()
    await page.fill('input[data-test=offences-value-0]', '250000')
    await page.locator('[data-test=circ-for_eating]').click()
    await page.click('[data-test=offences-submit]')
    const result = page.locator('[data-test=offences-result]')
    await result.locator('[data-test=legal-conclusion]').waitFor()
    const text = await result.innerText()
    assert(text.includes('涉嫌犯罪，应当移送公安机关'), 'suspected crime')
    assert(text.includes('情节严重'), `band 情节严重: ${text.slice(0, 300)}`)
    assert(text.includes('刑法 第三百四十一条第一款'), 'articles listed')
    assert((await result.locator('[data-test=admin-penalty]').count()) > 0, 'administrative penalties listed')
    assert((await result.locator('[data-test=jurisdiction]').innerText()).includes('主办'), 'jurisdiction shown')
    await shot('species-offences', { fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await result.scrollIntoViewIfNeeded()
    await shot('phone-species-offences')
    await page.setViewportSize({ width: 1366, height: 768 })
  })

  test('物种详情与名录：缺漏如实显示，办公室试运行后导入地方名录', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/species?q=Manis+javanica`)
    await page.locator('[data-test=species-open]').first().click()
    const drawer = page.locator('[data-test=species-drawer]')
    await drawer.waitFor()
    assert((await drawer.innerText()).includes('穿山甲片'), 'aliases in the drawer')
    assert((await drawer.locator('[data-test=species-base-value]').innerText()).includes('无基准价值——需鉴定'), 'no base value said plainly')
    await page.waitForTimeout(400) // the drawer's sliding animation
    await shot('species-drawer')
    await page.goto(`${baseUrl}/species/lists`)
    const lists = page.locator('[data-test=species-lists]')
    await lists.locator('text=国家重点保护野生动物名录').waitFor()
    const coverage = await lists.innerText()
    assert(coverage.includes('官方 980 种，已录 977 种') && coverage.includes('缺 3 种一级'), 'official total and gap shown')
    assert((await page.locator('[data-test=list-import-open]').count()) === 0, 'a department officer cannot import lists')

    await login(page, baseUrl, 'office', passwords.office)
    await page.goto(`${baseUrl}/species/lists`)
    await page.click('[data-test=list-import-open]')
    const dialog = page.locator('.el-dialog:visible', { hasText: '导入名录' })
    await dialog.locator('input[data-test=list-code]').fill('nx-e2e')
    await dialog.locator('input[data-test=list-title]').fill('宁夏重点保护野生动物名录（测试）')
    await dialog.locator('input[data-test=list-source]').fill('宁夏回族自治区人民政府（测试）')
    const header = 'rank,chinese_name,latin_name,level,habitat\n'
    await chooseCsv(page, dialog.locator('button', { hasText: '选择文件' }), 'bad.csv', `${header}species,岩羊（宁夏）,Pseudois nayaur,provincial,terrestrial\nspecies,某兽,Foo bar,xx,terrestrial\n`)
    await dialog.locator('[data-test=list-dry-run]').click()
    const errors = dialog.locator('[data-test=import-row-errors]')
    await errors.waitFor()
    assert((await errors.innerText()).includes('level'), 'the bad row and column are shown')
    assert(await dialog.locator('[data-test=list-import]').isDisabled(), 'import disabled until a dry run passes')
    await shot('species-list-import-errors')
    await chooseCsv(page, dialog.locator('button', { hasText: '更换文件' }), 'good.csv', `${header}species,岩羊（宁夏）,Pseudois nayaur,provincial,terrestrial\n`)
    await dialog.locator('[data-test=list-dry-run]').click()
    await dialog.locator('[data-test=import-checked]').waitFor()
    await dialog.locator('[data-test=list-import]').click()
    await page.locator('.el-message-box button', { hasText: '导入' }).click()
    await dialog.locator('text=已导入').first().waitFor()
    await dialog.locator('button', { hasText: '关闭' }).click()
    await page.locator('[data-test=species-lists] >> text=nx-e2e').waitFor()
    await shot('species-lists')
  })

  test('登记案件（从名录选物种）与导入历史案件', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/cases`)
    await page.click('[data-test=open-new-case]')
    await page.waitForURL(/\/cases\/new$/)
    await page.click('[data-test=new-case-submit]')
    await page.waitForSelector('.el-form-item__error:has-text("请填写案件名称")')
    const title = `黄河湿地猎捕灰鹤案 ${Date.now().toString(36)}`
    await page.fill('input[data-test=new-case-title]', title)
    await choose(page, page.locator('[data-test=new-case-offence]'), '非法猎捕/杀害')
    await choose(page, page.locator('[data-test=new-case-source]'), '巡护')
    await page.click('[data-test=new-case-add-item]')
    const crane = await speciesId(page, 'Grus grus')
    await pickSpecies(page, page.locator('input[data-test=new-item-0-species]'), '灰鹤', crane)
    await shot('case-new')
    await page.click('[data-test=new-case-submit]')
    await page.waitForURL(/\/cases\/\d+$/)
    await page.waitForSelector(`h1:has-text("${title}")`)
    await page.locator('[data-test=legal-panel] [data-test=legal-items]').locator('text=国家二级').waitFor()

    await page.goto(`${baseUrl}/cases/import`)
    const header = 'title,offence_type,source,occurred_at,species,count\n'
    await chooseCsv(page, page.locator('[data-test=case-import-file]'), 'cases.csv', `${header},illegal_hunting,patrol,2021-11-03,灰鹤,2\n历史案2,xx,patrol,2021-11-04,灰鹤,1\n`)
    await page.click('[data-test=case-import-check]')
    const errors = page.locator('[data-test=import-row-errors]')
    await errors.waitFor()
    const rows = await errors.locator('.el-table__row').count()
    assert(rows === 2, `both bad rows listed, got ${rows}`)
    await shot('case-import-errors')
    await chooseCsv(page, page.locator('[data-test=case-import-file]'), 'cases.csv', `${header}沙坡头猎捕灰鹤案（历史）,illegal_hunting,patrol,2021-11-03,灰鹤,2\n`)
    await page.click('[data-test=case-import-check]')
    await page.locator('[data-test=import-checked]').waitFor()
    await page.click('[data-test=case-import-commit]')
    await page.locator('.el-message-box button', { hasText: '导入' }).click()
    await page.locator('text=已导入 1 件案件').waitFor()
    await page.locator('.el-table__row a.mono').first().waitFor()
  })
}

export function registerItemEditFlows({ test }) {
  test('修改涉案物品：从法律研判直接选定物种、补录价值；版本过期时提示并重新载入', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    const crane = await speciesId(page, 'Grus grus')
    const c = await api(page, 'POST', '/api/v1/cases', {
      title: `集市出售野生鸟类案 ${Date.now().toString(36)}`,
      offence_type: 'illegal_trade',
      source: 'market_inspection',
      items: [{ species: '不知名的大鸟', count: 2, note: '现场照片待鉴定' }],
    })
    const itemId = c.items[0].id
    await page.goto(`${baseUrl}/cases/${c.id}`)
    const panel = page.locator('[data-test=legal-panel]')
    await panel.locator(`[data-test=legal-fix-item-${itemId}]`).click()
    const dialog = page.locator('.el-dialog:visible', { hasText: '修改涉案物品' })
    await dialog.waitFor()
    const species = dialog.locator('input[data-test=item-species]')
    assert((await species.inputValue()) === '不知名的大鸟', 'the form opens on the recorded item')
    assert((await dialog.locator('textarea').last().inputValue()) === '现场照片待鉴定', 'the note is kept')
    await pickSpecies(page, species, '灰鹤', crane)
    await dialog.locator('input[data-test=item-value]').fill('5000')
    await dialog.locator('input[data-test=item-basis]').fill('鉴定意见')
    await shot('case-item-edit')
    await dialog.locator('[data-test=fields-submit]').click()
    await page.waitForSelector('.el-message--success:has-text("已修改涉案物品")')
    await panel.locator('[data-test=legal-items]').locator('text=国家二级').waitFor()
    await panel.locator('[data-test=legal-skipped]').waitFor({ state: 'detached' })
    await page.waitForSelector('.el-table__row:has-text("鉴定意见")')

    // Someone else changes the case while the form is open: 412, the page reloads, saving again works.
    await page.click(`[data-test=edit-item-${itemId}]`)
    await dialog.waitFor()
    await dialog.locator('input[data-test=item-value]').fill('6000')
    await api(page, 'POST', `/api/v1/cases/${c.id}/items`, { items: [{ species: '灰鹤', species_id: crane, count: 1 }] })
    await dialog.locator('[data-test=fields-submit]').click()
    await page.waitForSelector('.el-message--error:has-text("该案件已被他人修改")')
    await dialog.locator('[data-test=item-stale]').waitFor()
    await page.waitForSelector('[data-test=case-items-count]:has-text("（2）")')
    assert((await dialog.locator('input[data-test=item-value]').inputValue()) === '6000', 'what was typed is kept')
    await dialog.locator('[data-test=fields-submit]').click()
    await page.waitForSelector('.el-message--success:has-text("已修改涉案物品")')
    await page.waitForSelector('.el-table__row:has-text("6,000")')
  })
}
