// 平台下架通知: the office registers a platform whose notice URL is a tiny
// loopback receiver started here, sees the secret once; a 网信 officer
// confirms a listing of that platform and requests its takedown; the
// server's dispatcher sends the signed notice (checked here with the
// secret) and the listing shows 已发送. A platform without an endpoint is
// left to be notified by hand, and overdue takedowns have their filter.
// The review queue shows each row's notice; a notice the platform refused
// is sent again at once with the listing page's retry button.
import { createServer } from 'node:http'
import { createHmac } from 'node:crypto'
import { assert, assertEqual } from './harness.mjs'
import { api, login } from './pages.mjs'

// Answers `statuses` in turn, then 200 to every POST, and keeps what came.
async function startReceiver(statuses = []) {
  const received = []
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body, url: req.url, at: Date.now() })
      res.writeHead(statuses.shift() ?? 200, { 'Content-Length': '0' })
      res.end()
    })
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { received, url: `http://127.0.0.1:${server.address().port}/takedown`, close: () => new Promise((r) => server.close(r)) }
}

async function waitFor(check, what, ms = 30000) {
  const until = Date.now() + ms
  while (Date.now() < until) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`timed out waiting for ${what}`)
}

export function registerPlatformNoticeFlows({ test }) {
  test('平台通知：登记平台接口、要求下架自动发送签名通知、未配置平台须人工通知', async ({ page, baseUrl, passwords, shot }) => {
    const receiver = await startReceiver()
    const tag = Date.now().toString(36)
    const platform = `E2E平台${tag}`
    try {
      // The office registers the platform; the secret is shown once.
      await login(page, baseUrl, 'office', passwords.office)
      await page.goto(`${baseUrl}/admin/platforms`)
      await page.locator('[data-test=platform-table]').waitFor()
      await page.click('[data-test=platform-new]')
      await page.fill('input[data-test=platform-url]', 'https://platform.example/notices')
      await page.click('[data-test=platform-submit]')
      const dialog = page.locator('.el-dialog:visible')
      await dialog.locator('.el-form-item__error', { hasText: '请填写平台名称' }).waitFor()
      await dialog.locator('.el-form-item__error', { hasText: 'http://' }).waitFor()
      await page.fill('input[data-test=platform-code]', platform)
      await page.fill('input[data-test=platform-url]', receiver.url)
      await page.click('[data-test=platform-submit]')
      const secret = (await page.locator('[data-test=platform-secret]').innerText()).trim()
      assert(secret.length >= 32, `the secret is shown once: ${secret}`)
      await shot('platform-secret')
      await page.click('[data-test=platform-secret-close]')
      const row = page.locator('[data-test=platform-table] .el-table__row', { hasText: platform })
      await row.locator('text=已启用').waitFor()
      await page.locator('[data-test=platform-secret]').waitFor({ state: 'hidden' })
      assert((await page.locator('body').innerText()).indexOf(secret) < 0, 'the secret is not shown again')
      await shot('platforms')

      // A 网信 officer confirms a listing of that platform and requests its takedown.
      await login(page, baseUrl, 'wx.officer', passwords['wx.officer'])
      const scanned = await api(page, 'POST', '/api/v1/listings:scan', {
        listings: [
          { platform, external_id: `pn-${tag}`, url: `https://example.invalid/pn/${tag}`, title: '出售穿山甲片', text: `野生穿山甲鳞片现货，加微信 pn${tag}`, seller_account: `pn-seller-${tag}` },
          { platform: `无接口平台${tag}`, external_id: `mn-${tag}`, title: '出售象牙手镯', text: `象牙手镯 现货 加V mn${tag}`, seller_account: `mn-seller-${tag}` },
        ],
      })
      const [id, manualId] = scanned.results.map((r) => r.id)
      for (const x of [id, manualId]) await api(page, 'POST', `/api/v1/listings/${x}/review`, { decision: 'confirmed', note: '出售国家重点保护野生动物制品' })
      await page.goto(`${baseUrl}/listings/${id}`)
      await page.locator('[data-test=listing-notice-plan]', { hasText: '系统自动' }).waitFor()
      await page.click('[data-test=takedown-request]')
      const request = page.locator('.el-dialog:visible')
      assertEqual(await request.locator('.el-select').count(), 0, 'no "already notified?" question when the system sends the notice')
      await request.locator('[data-test=fields-submit]').click()
      await page.locator('[data-test=listing-notice-status]').waitFor()

      // The dispatcher (every few seconds) sends it, signed with the secret.
      await waitFor(() => receiver.received.length > 0, 'the notice at the receiver')
      const got = receiver.received[0]
      const expected = 'sha256=' + createHmac('sha256', secret).update(`${got.headers['x-qingfeng-timestamp']}.${got.body}`).digest('hex')
      assertEqual(got.headers['x-qingfeng-signature'], expected, 'the notice is signed with the platform secret')
      const notice = JSON.parse(got.body)
      assertEqual(notice.listing.external_id, `pn-${tag}`, 'the notice names the platform id')
      assert(notice.legal_basis.includes('野生动物保护法'), 'the notice cites the law')
      await waitFor(async () => {
        await page.reload()
        await page.locator('[data-test=listing-notice-status]').waitFor()
        return (await page.locator('[data-test=listing-notice-status]').innerText()).includes('已发送')
      }, 'the listing to show 已发送')
      await shot('listing-notice-sent')

      // A platform without an endpoint: the notice is to be sent by hand.
      await page.goto(`${baseUrl}/listings/${manualId}`)
      await page.locator('[data-test=listing-notice-plan]', { hasText: '须人工通知' }).waitFor()
      await page.click('[data-test=takedown-request]')
      await page.locator('.el-dialog:visible [data-test=fields-submit]').click()
      await page.locator('[data-test=listing-notice-status]', { hasText: '须人工通知' }).waitFor()

      // The review queue filters by takedown (overdue ones have their own entry).
      await page.goto(`${baseUrl}/listings?state=all&takedown=requested`)
      await page.locator('[data-test=listing-list] .el-table__row', { hasText: `mn${tag}` }).waitFor()
      await page.goto(`${baseUrl}/listings?state=all&takedown=overdue`)
      await page.waitForSelector('text=没有符合条件的网络信息')
    } finally {
      await receiver.close()
    }
  })

  test('平台通知：审核队列显示通知状态，发送失败的通知可立即重新发送', async ({ page, baseUrl, passwords, shot }) => {
    const receiver = await startReceiver([500])
    const tag = Date.now().toString(36)
    const platform = `重发平台${tag}`
    try {
      // The office (who runs the delivery log) registers the platform, whose
      // receiver refuses the first notice, and handles two listings.
      await login(page, baseUrl, 'office', passwords.office)
      await api(page, 'POST', '/api/v1/platforms', { code: platform, notice_url: receiver.url, enabled: true })
      const scanned = await api(page, 'POST', '/api/v1/listings:scan', {
        listings: [
          { platform, external_id: `rt-${tag}`, title: '出售穿山甲片', text: `野生穿山甲鳞片现货，加微信 rt${tag}`, seller_account: `rt-seller-${tag}` },
          { platform: `人工平台${tag}`, external_id: `hm-${tag}`, title: '出售象牙手镯', text: `象牙手镯 现货 加V hm${tag}`, seller_account: `hm-seller-${tag}` },
        ],
      })
      const [id, manualId] = scanned.results.map((r) => r.id)
      for (const x of [id, manualId]) {
        await api(page, 'POST', `/api/v1/listings/${x}/review`, { decision: 'confirmed', note: '出售国家重点保护野生动物制品' })
        await api(page, 'POST', `/api/v1/listings/${x}/takedown`, { step: 'request', notified: false })
      }
      await waitFor(() => receiver.received.length > 0, 'the first (refused) notice')

      // The queue shows each row's notice: the refused one is being retried,
      // the other is to be sent by hand.
      await page.goto(`${baseUrl}/listings?state=confirmed&takedown=requested&sort=newest`)
      const row = page.locator('[data-test=listing-list] .el-table__row', { hasText: `rt${tag}` })
      await waitFor(async () => {
        await page.reload()
        await row.waitFor()
        return (await row.locator('[data-test=listing-row-notice]').innerText()).includes('通知重试中')
      }, 'the queue row to show 通知重试中')
      const manualRow = page.locator('[data-test=listing-list] .el-table__row', { hasText: `hm${tag}` })
      await manualRow.locator('[data-test=listing-row-notice]', { hasText: '须人工通知' }).waitFor()
      await shot('listing-queue-notices')

      // On the listing: 立即重新发送, confirmed; the dispatcher sends it at once
      // instead of after its back-off, and the card shows 已发送.
      await page.goto(`${baseUrl}/listings/${id}`)
      await page.locator('[data-test=listing-notice-status]', { hasText: '发送失败重试中' }).waitFor()
      await page.click('[data-test=listing-notice-retry]')
      await page.locator('.el-message-box', { hasText: platform }).waitFor()
      await page.locator('.el-message-box button', { hasText: '重新发送' }).click()
      await page.locator('.el-message', { hasText: '已安排立即重新发送' }).waitFor()
      const audit = await api(page, 'GET', '/api/v1/audit?action=webhook.retry')
      assert(audit.total >= 1, 'the retry is audited')
      await waitFor(() => receiver.received.length > 1, 'the notice sent again', 20000)
      await waitFor(async () => {
        await page.reload()
        await page.locator('[data-test=listing-notice-status]').waitFor()
        return (await page.locator('[data-test=listing-notice-status]').innerText()).includes('已发送')
      }, 'the listing to show 已发送')
      assertEqual(await page.locator('[data-test=listing-notice-retry]').count(), 0, 'nothing to retry once sent')
      await shot('listing-notice-retried')

      // Back in the queue the row says so.
      await page.goto(`${baseUrl}/listings?state=confirmed&takedown=requested&sort=newest`)
      await row.locator('[data-test=listing-row-notice]', { hasText: '通知已送达' }).waitFor()
    } finally {
      await receiver.close()
    }
  })
}
