// Issue 7, at a desk: the places registry imported from Excel, and a patrol
// registered through the office form.
//  - 林草 downloads the Excel template (made by the server), checks it with a
//    dry run and imports it as it is: the example farm is registered with its
//    licence valid to 2027-12-31 (a real date cell). A damaged workbook is
//    refused with a Chinese message and imports nothing.
//  - 林草 registers a patrol that happened (zone, team, members, transport,
//    start and end, a GPX track): the form shows its checks per field first,
//    then the patrol is in the list and its detail shows the track; a
//    trap-removal observation is added to it afterwards.
import { readFile } from 'node:fs/promises'
import { assert } from './harness.mjs'
import { choose, login } from './pages.mjs'

const GPX = `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="e2e" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>E2E</name><trkseg>
<trkpt lat="37.460" lon="105.000"><time>2026-11-01T01:00:00Z</time></trkpt>
<trkpt lat="37.465" lon="105.010"><time>2026-11-01T01:20:00Z</time></trkpt>
<trkpt lat="37.470" lon="105.020"><time>2026-11-01T01:40:00Z</time></trkpt>
<trkpt lat="37.475" lon="105.030"><time>2026-11-01T02:00:00Z</time></trkpt>
</trkseg></trk></gpx>`

export function registerPlacesXlsxFlows({ test }) {
  test('场所导入：下载 Excel 模板，原样校验并导入', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/places/import`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-test=place-import-template-xlsx]')])
    assert(download.suggestedFilename().endsWith('.xlsx'), `template file: ${download.suggestedFilename()}`)
    const workbook = await readFile(await download.path())
    assert(workbook.subarray(0, 2).toString() === 'PK', 'the template is a workbook')

    const upload = async (name, buffer) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-test=place-import-file]')])
      await chooser.setFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer })
    }

    // A damaged workbook: refused as a whole, with a Chinese message.
    await upload('坏文件.xlsx', workbook.subarray(0, Math.floor(workbook.length / 2)))
    await page.locator('[data-test=place-import-file-note]', { hasText: 'Excel 工作簿' }).waitFor()
    await page.click('[data-test=place-import-check]')
    await page.locator('[data-test=import-row-errors]', { hasText: '.xlsx' }).waitFor()
    await shot('place-import-xlsx-damaged')

    // The template as it is: checked, then imported.
    await upload('场所名录导入模板.xlsx', workbook)
    await page.click('[data-test=place-import-check]')
    await page.locator('[data-test=import-checked]', { hasText: '共 1 个场所' }).waitFor()
    await page.click('[data-test=place-import-commit]')
    await page.locator('.el-message-box button', { hasText: '导入' }).click()
    await page.locator('text=已导入 1 个场所').waitFor()
    await shot('place-import-xlsx-done')
    await page.locator('[data-test=place-import-created] .el-table__row', { hasText: '示例梅花鹿养殖场' }).last().locator('a').click()
    await page.waitForURL(/\/places\/\d+$/)
    const licences = page.locator('[data-test=place-licences]')
    await licences.waitFor()
    const text = await licences.innerText()
    assert(text.includes('2027-12-31') && text.includes('梅花鹿'), `licence from the Excel date cell: ${text}`)
  })

  test('登记巡护：办公室表单登记一次巡护并上传轨迹', async ({ page, baseUrl, passwords, shot }) => {
    const tag = Date.now().toString(36)
    const team = `E2E巡护队${tag}`
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/patrols`)
    await page.click('[data-test=patrol-new]')
    await page.waitForURL(/\/patrols\/new$/)

    // Checks per field before anything is sent.
    await page.click('[data-test=patrol-form-submit]')
    await page.locator('.el-form-item__error', { hasText: '请填写巡护队' }).waitFor()
    await page.locator('.el-form-item__error', { hasText: '请至少填写一名队员' }).waitFor()

    await choose(page, page.locator('[data-test=patrol-form-zone]'), '沙坡头')
    await page.fill('[data-test=patrol-form-team] input, input[data-test=patrol-form-team]', team)
    const members = page.locator('[data-test=patrol-form-members]')
    for (const name of ['马林', '李强']) {
      await members.click()
      await page.keyboard.type(name)
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: name }).first().waitFor()
      await page.keyboard.press('Enter')
      await members.locator('.el-tag', { hasText: name }).waitFor()
    }
    await page.locator('h1').first().click()
    await choose(page, page.locator('[data-test=patrol-form-transport]'), '汽车')

    // Times in the browser's zone: the end before the start is refused.
    const times = await page.evaluate(() => {
      const pad = (n) => String(n).padStart(2, '0')
      const fmt = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:00`
      const now = Date.now()
      return { start: fmt(new Date(now - 5 * 3600e3)), early: fmt(new Date(now - 6 * 3600e3)), end: fmt(new Date(now - 3600e3)) }
    })
    const setTime = async (testId, value) => {
      // The data-test is on the form item: the picker hands its attributes to its popper.
      const input = page.locator(`[data-test=${testId}] input:visible`).first()
      await input.click()
      await input.fill(value)
      await input.press('Enter')
      await page.locator('h1').first().click()
    }
    await setTime('patrol-form-start', times.start)
    await setTime('patrol-form-end', times.early)
    await page.locator('.el-form-item__error', { hasText: '结束时间应晚于开始时间' }).waitFor()
    await setTime('patrol-form-end', times.end)
    await page.locator('.el-form-item__error', { hasText: '结束时间应晚于开始时间' }).waitFor({ state: 'detached' })
    await page.locator('[data-test=patrol-form-duration]', { hasText: '4 小时' }).waitFor()

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-test=patrol-form-track]')])
    await chooser.setFiles({ name: 'track.gpx', mimeType: 'application/gpx+xml', buffer: Buffer.from(GPX) })
    await page.locator('[data-test=patrol-form-track-name]', { hasText: 'track.gpx' }).waitFor()
    await page.fill('textarea[data-test=patrol-form-note], [data-test=patrol-form-note] textarea', '办公室补登：沙坡头片区夜间巡护')
    await shot('patrol-form')
    await page.click('[data-test=patrol-form-submit]')

    // The detail: team, members, ended, with its track.
    await page.waitForURL(/\/patrols\/\d+$/)
    await page.locator('h1', { hasText: team }).waitFor()
    await page.locator('[data-test=patrol-state]', { hasText: '已结束' }).waitFor()
    await page.locator('text=李强').first().waitFor()
    await page.waitForLoadState('networkidle')
    assert((await page.locator('text=该巡护还没有上传轨迹').count()) === 0, 'the track was uploaded')
    await shot('patrol-form-created')

    // An observation added afterwards, placed on the map.
    await page.click('[data-test=observation-add]')
    const dialog = page.locator('.el-dialog:visible')
    await dialog.locator('[data-test=observation-submit]').click()
    await dialog.locator('.el-form-item__error', { hasText: '请用定位或在地图上选出发现的位置' }).waitFor()
    await dialog.locator('button', { hasText: '在地图上选点' }).click()
    const map = dialog.locator('.map')
    await map.waitFor()
    await page.waitForTimeout(500)
    await map.click()
    await dialog.locator('text=已选位置').waitFor()
    await dialog.locator('[data-test=observation-count] input').fill('3')
    await dialog.locator('[data-test=observation-submit]').click()
    await page.locator('[data-test=patrol-observations] .el-table__row', { hasText: '猎套 × 3' }).waitFor()

    // And in the list.
    await page.goto(`${baseUrl}/patrols?team=${encodeURIComponent(team)}`)
    const row = page.locator('[data-test=patrol-list] .el-table__row', { hasText: team })
    await row.waitFor()
    assert((await row.innerText()).includes('马林'), 'members in the list')
  })
}
