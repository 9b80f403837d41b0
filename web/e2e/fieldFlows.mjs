// 野外巡护 (issue 7): a ranger records a patrol on the phone page without
// network — track points from a fake GPS, a trap removal with a photo that
// becomes a tip — ends it, reloads the page offline, comes back online and
// the outbox syncs; the server then holds exactly one patrol with its track
// and one observation with a tip, although the first answer was lost on the
// way back. Then the office reads coverage per zone and imports boundaries.
import { assert, assertEqual } from './harness.mjs'
import { PNG, api, choose, login } from './pages.mjs'

// Logs in over HTTP (not in the browser, whose session belongs to the ranger).
async function apiSession(baseUrl, username, password) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) })
  const body = await res.json()
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(body)}`)
  return async (method, path, json) => {
    const headers = { Authorization: `Bearer ${body.token}` }
    if (json !== undefined) {
      headers['Content-Type'] = 'application/json'
      headers['Idempotency-Key'] = crypto.randomUUID()
    }
    const r = await fetch(`${baseUrl}${path}`, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) })
    const data = await r.json().catch(() => null)
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(data)}`)
    return data
  }
}

// About 30 m north of the last point each step.
const WALK = [0, 1, 2, 3, 4].map((i) => ({ latitude: 37.46 + i * 0.00027, longitude: 105.02 + i * 0.0001, accuracy: 8 }))

async function syncText(page) {
  return (await page.locator('[data-test=sync-status]').innerText()).trim()
}

export function registerFieldFlows({ test }) {
  test('野外巡护：手机离线记录巡护、清除猎夹转线索，恢复网络后只同步一次', async ({ context, page, baseUrl, passwords, shared, shot }) => {
    const tag = Date.now().toString(36)
    const team = `E2E巡护队${tag}`
    await context.grantPermissions(['geolocation'], { origin: baseUrl })
    await context.setGeolocation(WALK[0])
    await page.setViewportSize({ width: 390, height: 844 })
    await login(page, baseUrl, 'lc.ranger', passwords['lc.ranger'])
    assert(new URL(page.url()).pathname === '/ranger', `a ranger lands on /ranger, got ${page.url()}`)
    await page.locator('[data-test=sync-status]', { hasText: '已同步' }).waitFor()
    // The page must open without network later: wait until the service worker controls it.
    await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 20000 })

    const zones = await api(page, 'GET', '/api/v1/zones?page_size=100')
    assert(zones.features.length > 0, 'demo zones exist')
    const zone = zones.features[0]
    shared.fieldZoneId = zone.properties.id ?? zone.id
    await choose(page, page.locator('[data-test=start-zone]'), zone.properties.name)
    await page.fill('input[data-test=start-team]', team)
    await page.fill('input[data-test=start-members]', '马林、李强')
    await page.click('[data-test=start-transport-motorbike]')
    await shot('ranger-start')

    // Offline from here on; the first patrol POST will later reach the
    // server but its answer will be lost, so the page must resend it.
    await context.setOffline(true)
    await page.click('[data-test=start-patrol]')
    await page.locator('[data-test=patrol-active]').waitFor()
    await page.locator('[data-test=net-state]', { hasText: '离线' }).waitFor()
    for (const [i, fix] of WALK.entries()) {
      await context.setGeolocation(fix)
      await page.waitForFunction((n) => Number(document.querySelector('[data-test=patrol-points]')?.textContent) >= n, i + 1)
    }
    // Jitter: a fix 3 m from the last point and an imprecise one are not track points.
    await context.setGeolocation({ latitude: WALK[4].latitude + 0.00003, longitude: WALK[4].longitude, accuracy: 8 })
    await context.setGeolocation({ latitude: WALK[4].latitude + 0.002, longitude: WALK[4].longitude, accuracy: 400 })
    await page.locator('[data-test=gps-status]', { hasText: '信号弱' }).waitFor()
    assertEqual(await page.locator('[data-test=patrol-points]').innerText(), String(WALK.length), 'jitter filtered')
    await context.setGeolocation(WALK[4])
    await page.locator('[data-test=gps-status]', { hasText: '定位正常' }).waitFor()
    assert(Number(await page.locator('[data-test=patrol-km]').innerText()) > 0.1, 'distance shown')

    await page.click('[data-test=add-observation]')
    await page.locator('[data-test=obs-point]').waitFor()
    await page.click('[data-test=obs-tool-leghold_trap]')
    await page.fill('[data-test=obs-count] input, input[data-test=obs-count]', '3')
    await page.fill('input[data-test=obs-species]', '石鸡')
    await page.fill('textarea[data-test=obs-note]', '山谷入口处清除猎夹 3 个')
    await page.setInputFiles('[data-test=obs-photo]', { name: '猎夹.png', mimeType: 'image/png', buffer: PNG })
    await page.locator('text=猎夹.png').waitFor()
    await page.click('[data-test=obs-to-tip]')
    await shot('phone-ranger-observation')
    await page.click('[data-test=obs-save]')
    await page.locator('[data-test=observations] li', { hasText: '猎夹 × 3' }).waitFor()
    await page.locator('[data-test=obs-save]').waitFor({ state: 'detached' })
    assertEqual(await syncText(page), '待同步 3 条', 'patrol, photo and observation wait')
    await shot('phone-ranger-active')

    await page.click('[data-test=stop-patrol]')
    await page.locator('.el-message-box button', { hasText: '结束巡护' }).click()
    await page.locator('[data-test=patrol-last]').waitFor()
    assertEqual(await syncText(page), '待同步 5 条', 'track and end wait too')

    // The page opens without network (service worker) and still knows what waits.
    await page.reload()
    await page.locator('[data-test=patrol-last]').waitFor()
    assertEqual(await syncText(page), '待同步 5 条', 'the outbox survives a reload')
    await shot('phone-ranger-offline')

    // Back online: the first answer to the patrol POST is lost on the way back.
    let lost = 0
    await page.route('**/api/v1/patrols', async (route) => {
      if (route.request().method() === 'POST' && lost === 0) {
        lost++
        await route.fetch() // reaches the server…
        await route.abort('failed') // …but the phone never hears back
      } else {
        await route.continue()
      }
    })
    await context.setOffline(false)
    await page.locator('[data-test=sync-status]', { hasText: '已同步' }).waitFor({ timeout: 60000 })
    assertEqual(lost, 1, 'one answer was lost')
    await page.locator('[data-test=patrol-last-link]').waitFor()
    await shot('phone-ranger-synced')
    await page.unroute('**/api/v1/patrols')

    const office = await apiSession(baseUrl, 'office', passwords.office)
    const found = await office('GET', `/api/v1/patrols?team=${encodeURIComponent(team)}`)
    assertEqual(found.total, 1, 'exactly one patrol of the team')
    const patrol = await office('GET', `/api/v1/patrols/${found.items[0].id}`)
    shared.fieldPatrolId = patrol.id
    assert(patrol.state === 'closed' && patrol.ended_at, 'the patrol is ended')
    assertEqual(patrol.members, ['马林', '李强'], 'members')
    assertEqual(patrol.transport, 'motorbike', 'transport')
    assertEqual(patrol.zone_id, shared.fieldZoneId, 'zone')
    assert(patrol.track?.type === 'LineString' && patrol.track.coordinates.length === WALK.length, `the track: ${JSON.stringify(patrol.track)}`)
    assert(patrol.km > 0.1, `km recomputed: ${patrol.km}`)
    assertEqual(patrol.observations.length, 1, 'exactly one observation')
    const o = patrol.observations[0]
    assert(o.kind === 'trap_removal' && o.tool_kind === 'leghold_trap' && o.count === 3, `the observation: ${JSON.stringify(o)}`)
    assert(o.tip_id, 'the observation became a tip')
    assertEqual(o.evidence_ids.length, 1, 'its photo')
    const tip = await office('GET', `/api/v1/tips/${o.tip_id}`)
    assert(tip.lon && tip.lat, 'the tip has the point')
  })

  test('巡护记录与保护区域：覆盖率、空白区域、转为线索、导入边界', async ({ page, baseUrl, passwords, shared, shot }) => {
    await login(page, baseUrl, 'office', passwords.office)
    // An observation that did not become a tip on the spot.
    const later = await api(page, 'POST', `/api/v1/patrols/${shared.fieldPatrolId}/observations`, {
      kind: 'wildlife', species_text: '岩羊', count: 6, lon: 105.0205, lat: 37.4608, observed_at: Date.now() - 60000,
    })
    assert(!later.tip_id, 'no tip yet')

    await page.goto(`${baseUrl}/patrols?zone_id=${shared.fieldZoneId}`)
    const row = page.locator('[data-test=patrol-list] .el-table__row', { hasText: 'E2E巡护队' })
    await row.first().waitFor()
    await shot('patrols-list')
    await page.goto(`${baseUrl}/patrols/${shared.fieldPatrolId}`)
    await page.locator('[data-test=patrol-observations] [data-test=observation-tip]').waitFor()
    await page.locator('[data-test=patrol-map] canvas').first().waitFor()
    await page.click('[data-test=observation-to-tip]')
    await page.locator('.el-message-box button', { hasText: '转为线索' }).click()
    await page.waitForSelector('.el-message--success:has-text("已转为线索")')
    await page.waitForFunction(() => document.querySelectorAll('[data-test=observation-tip]').length === 2)
    await page.waitForLoadState('networkidle')
    await shot('patrol-detail')

    // Coverage of the zone this month: the synced patrol counts.
    await page.goto(`${baseUrl}/zones`)
    await page.locator('[data-test=zone-list] .el-table__row').first().waitFor()
    await page.waitForLoadState('networkidle')
    await shot('zones-list')
    await page.goto(`${baseUrl}/zones/${shared.fieldZoneId}`)
    await page.waitForFunction(() => /%$/.test(document.querySelector('[data-test=coverage-ratio]')?.textContent || ''))
    const figures = await page.locator('[data-test=coverage-figures]').innerText()
    assert(!/^0\s/.test(figures.trim()), `patrols counted: ${figures}`)
    const ratio = Number((await page.locator('[data-test=coverage-ratio]').innerText()).replace('%', ''))
    assert(ratio > 0 && ratio <= 100, `covered share: ${ratio}`)
    await page.waitForLoadState('networkidle')
    await shot('zone-coverage')
    await page.click('[data-test=coverage-patrols]')
    await page.waitForURL((u) => u.pathname === '/patrols' && u.searchParams.get('zone_id') === String(shared.fieldZoneId) && u.searchParams.get('from'))
    await page.locator('[data-test=patrol-list] .el-table__row', { hasText: 'E2E巡护队' }).first().waitFor()

    // Import: a self-intersecting boundary is refused per feature, a good one goes in.
    const tag = Date.now().toString(36)
    const bowtie = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: `E2E蝴蝶形${tag}`, kind: 'bird_wintering' }, geometry: { type: 'Polygon', coordinates: [[[105.1, 37.4], [105.2, 37.5], [105.2, 37.4], [105.1, 37.5], [105.1, 37.4]]] } }] }
    const good = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: `E2E湿地${tag}`, kind: 'bird_wintering', township: '迎水桥镇' }, geometry: { type: 'Polygon', coordinates: [[[105.1, 37.4], [105.14, 37.4], [105.14, 37.43], [105.1, 37.43], [105.1, 37.4]]] } }] }
    await page.goto(`${baseUrl}/zones`)
    await page.click('[data-test=zone-import]')
    await page.setInputFiles('[data-test=zone-import-file]', { name: 'bowtie.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(bowtie)) })
    await page.click('[data-test=zone-import-check]')
    await page.locator('[data-test=zone-import-errors] .el-table__row', { hasText: '第 1 个' }).waitFor()
    await shot('zone-import-errors')
    await page.setInputFiles('[data-test=zone-import-file]', { name: 'wetland.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(good)) })
    await page.click('[data-test=zone-import-check]')
    await page.locator('[data-test=zone-import-checked]').waitFor()
    await page.click('[data-test=zone-import-submit]')
    await page.waitForSelector('.el-message--success:has-text("已导入 1 个区域")')
    await page.locator('.el-dialog:visible button', { hasText: '关闭' }).click()
    await page.locator('[data-test=zone-list] .el-table__row', { hasText: `E2E湿地${tag}` }).waitFor()

    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${baseUrl}/zones/${shared.fieldZoneId}`)
    await page.waitForFunction(() => /%$/.test(document.querySelector('[data-test=coverage-ratio]')?.textContent || ''))
    await page.waitForLoadState('networkidle')
    await shot('phone-zone-coverage')
    await page.goto(`${baseUrl}/patrols/${shared.fieldPatrolId}`)
    await page.locator('[data-test=patrol-observations]').waitFor()
    await page.waitForLoadState('networkidle')
    await shot('phone-patrol-detail')
    await page.setViewportSize({ width: 1366, height: 768 })
  })

  test('专项执法：养殖场超许可转为案件、整改复查、运输检查移交林草、海关评估高风险', async ({ page, baseUrl, passwords, shot }) => {
    // 联合检查: the deer farm counted over its licence (demo data) becomes a case.
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/places?type=breeding_farm`)
    await page.locator('[data-test=place-list] .el-table__row', { hasText: '梅花鹿' }).first().locator('a').click()
    await page.locator('[data-test=place-licences] .el-table__row').first().waitFor()
    await shot('place-detail')
    await page.goto(`${baseUrl}/inspections?has_findings=true`)
    const row = page.locator('[data-test=inspection-list] .el-table__row', { hasText: '梅花鹿' }).first()
    await row.waitFor()
    await shot('inspections-list')
    await row.locator('a').click()
    await page.locator('[data-test=inspection-findings]', { hasText: '超许可数量' }).waitFor()
    await page.locator('[data-test=inspection-holdings] .over').first().waitFor()
    await shot('inspection-detail')
    if (await page.locator('[data-test=inspection-open-case]').count()) {
      const url = page.url()
      await page.click('[data-test=inspection-open-case]')
      await page.locator('.el-dialog:visible [data-test=fields-submit]').click()
      await page.waitForURL(/\/cases\/\d+$/)
      await page.goto(url)
    }
    await page.locator('[data-test=inspection-case-link]').waitFor()
    // A rectification order, then its re-inspection.
    await page.click('[data-test=order-rectification]')
    await page.locator('.el-dialog:visible textarea').fill('核减存栏至许可数量，补办许可变更')
    await page.locator('.el-dialog:visible [data-test=fields-submit]').click()
    await page.waitForSelector('.el-message--success:has-text("已下达整改通知")')
    await page.locator('[data-test=inspection-rectifications] [data-test^=recheck-]').last().click()
    await choose(page, page.locator('.el-dialog:visible .el-select').first(), '已整改')
    await page.locator('.el-dialog:visible [data-test=fields-submit]').click()
    await page.waitForSelector('.el-message--success:has-text("已记录复查结果")')

    // 运输检查: 公安 records a check with pangolin scales and hands it to 林草.
    const ga = await apiSession(baseUrl, 'ga.officer', passwords['ga.officer'])
    const check = await ga('POST', '/api/v1/transport-checks', {
      kind: 'checkpoint', place_text: '京藏高速中卫东检查站', checked_at: Date.now() - 3600000, vehicle_plate: '宁E·12345',
      route_origin: '云南瑞丽', route_destination: '宁夏中卫', goods: '中药材', finding: 'wildlife_product', species_text: '穿山甲', quantity: 1, weight_kg: 1.2,
      finding_note: '货物夹带疑似穿山甲鳞片约 1.2 千克', sender_name: '张三', sender_phone: '13912345678',
    })
    await login(page, baseUrl, 'ga.officer', passwords['ga.officer'])
    await page.goto(`${baseUrl}/transport-checks?finding=any`)
    await page.locator('[data-test=transport-list] .el-table__row', { hasText: '京藏高速中卫东检查站' }).first().waitFor()
    await shot('transport-list')
    await page.goto(`${baseUrl}/transport-checks/${check.id}`)
    await page.click('[data-test=transport-handover-open]')
    await choose(page, page.locator('.el-dialog:visible .el-select').first(), '林草局')
    await page.locator('.el-dialog:visible textarea').fill('请林草局依法查处')
    await page.locator('.el-dialog:visible [data-test=fields-submit]').click()
    await page.locator('[data-test=transport-handed]').waitFor()
    await page.locator('[data-test=transport-case]').waitFor()
    await shot('transport-detail')

    // 海关: a risky description from a listed origin scores high, with reasons.
    await login(page, baseUrl, 'hg.officer', passwords['hg.officer'])
    await page.goto(`${baseUrl}/customs`)
    await page.fill('input[data-test=customs-hs]', '9601')
    await page.fill('textarea[data-test=customs-description]', '象牙雕刻工艺品 ivory carving 手镯')
    await page.fill('input[data-test=customs-origin]', 'NG')
    await page.fill('input[data-test=customs-transit]', 'VN')
    await page.fill('input[data-test=customs-value]', '200')
    await page.click('[data-test=customs-assess]')
    await page.locator('[data-test=customs-level]', { hasText: '高风险' }).waitFor()
    const reasons = await page.locator('[data-test=customs-reasons] li').count()
    assert(reasons >= 2, `reasons listed: ${reasons}`)
    assert((await page.locator('[data-test=customs-recommendation]').innerText()).includes('重点查验'), 'inspection recommended')
    await shot('customs-assess')
    await page.goto(`${baseUrl}/seizures`)
    await page.locator('.el-card').first().waitFor()
    await page.waitForLoadState('networkidle')
    await shot('seizures-list')
  })
}
