// 宣传培训 and 情况报告 (issue 8): a 林草 officer records a training with a
// photo; the office opens a reporting period (due yesterday, so those who
// have not submitted are overdue), 林草's officer fills the report over its
// pre-filled figures and submits it, the office returns it with a reason,
// the officer corrects and resubmits (the first submission time kept), and
// the office sees the departments still missing and reminds them.
import { assert, assertEqual } from './harness.mjs'
import { PNG, api, login, navTitles } from './pages.mjs'

const pad = (n) => String(n).padStart(2, '0')
const day = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`

// The text field of an Element Plus input (the data-test lands on the
// <input>/<textarea> itself or on its wrapper, depending on the component).
async function field(page, testId) {
  const el = page.locator(`[data-test=${testId}]`).first()
  await el.waitFor()
  return ['INPUT', 'TEXTAREA'].includes(await el.evaluate((n) => n.tagName)) ? el : el.locator('input, textarea').first()
}

async function fill(page, testId, value) {
  await (await field(page, testId)).fill(value)
}

// Types a day into an Element Plus date picker.
async function fillDate(page, testId, value) {
  const input = await field(page, testId)
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  // Close the picker's panel without Escape (which would close the dialog).
  await page.locator('.el-dialog__title:visible').first().click()
}

export function registerReportingFlows({ test }) {
  test('宣传培训：部门登记培训并上传照片', async ({ page, baseUrl, passwords, shot }) => {
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    assert((await navTitles(page)).includes('宣传培训'), 'the 宣传培训 entry is in the navigation')
    await page.goto(`${baseUrl}/publicity`)
    await page.locator('[data-test=publicity-list]').waitFor()
    const title = `E2E培训${Date.now().toString(36)}`
    await page.click('[data-test=publicity-new]')
    const form = page.locator('[data-test=publicity-form]')
    await form.locator('.el-radio-button', { hasText: '培训' }).click()
    // Nothing filled: the title is required, in Chinese, under its field.
    await page.click('[data-test=publicity-save]')
    await form.locator('.el-form-item__error', { hasText: '请填写标题' }).waitFor()
    await fill(page, 'publicity-form-title', title)
    await fill(page, 'publicity-form-place', '沙坡头区林草局会议室')
    await fill(page, 'publicity-form-attendees', '32')
    await page.setInputFiles('[data-test=publicity-upload] input[type=file]', { name: '培训签到.png', mimeType: 'image/png', buffer: PNG })
    await form.locator('[data-test=evidence]').first().waitFor()
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/publicity-events') && r.request().method() === 'POST')
    await page.click('[data-test=publicity-save]')
    const event = await (await created).json()
    assertEqual(event.organiser_department, 'LC', 'organised by 林草')
    assertEqual(event.evidence_ids.length, 1, 'the photo attached')
    await page.locator('[data-test=publicity-detail]', { hasText: title }).waitFor()
    await page.locator('[data-test=publicity-list]', { hasText: title }).waitFor()
    await shot('publicity-detail')
    const list = await api(page, 'GET', '/api/v1/publicity-events?kind=training')
    assert(list.items.some((e) => e.id === event.id), 'listed among the trainings')
  })

  test('情况报告：设报告期、部门填报提交、退回重报、催报未提交部门', async ({ page, baseUrl, passwords, shot, shared }) => {
    // The office opens a campaign period whose due day was yesterday.
    await login(page, baseUrl, 'office', passwords.office)
    assert((await navTitles(page)).includes('情况报告'), 'the 情况报告 entry is in the navigation')
    await page.goto(`${baseUrl}/reports`)
    await page.locator('[data-test=period-list]').waitFor()
    await page.click('[data-test=period-new]')
    const form = page.locator('[data-test=period-form]')
    await form.locator('.el-radio-button', { hasText: '专项行动总结' }).click()
    const title = `E2E专项总结${Date.now().toString(36)}`
    await fill(page, 'period-form-title', title)
    const yesterday = new Date()
    yesterday.setDate(yesterday.getDate() - 1)
    await fillDate(page, 'period-form-due', day(yesterday))
    const [createdResponse] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/report-periods') && r.request().method() === 'POST'),
      page.click('[data-test=period-save]'),
    ])
    const period = await createdResponse.json()
    assertEqual(period.counts.owed, 8, 'eight departments owe a report')
    assertEqual(period.title, title, 'the title typed')
    await page.waitForURL(new RegExp(`/reports/${period.id}$`))
    await page.locator('[data-test=state-LC]', { hasText: '未提交' }).waitFor()
    await page.locator('[data-test=overdue-LC]').waitFor()
    await shot('report-period-new')
    shared.reportPeriod = period.id

    // 林草's officer fills its report over the pre-filled figures.
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    await page.goto(`${baseUrl}/reports`)
    await page.click(`[data-test=period-open-${period.id}]`)
    await page.waitForURL(new RegExp(`/reports/${period.id}/LC$`))
    await page.locator('[data-test=submission-state]', { hasText: '未提交' }).waitFor()
    await page.locator('[data-test=figures]').waitFor()
    await page.locator('[data-test="figure-publicity.trainings"]').waitFor()
    await fill(page, 'submission-body', '一、工作开展情况：开展野外巡护和执法培训。（E2E）')
    await page.setInputFiles('[data-test=submission-upload] input[type=file]', { name: '巡护照片.png', mimeType: 'image/png', buffer: PNG })
    await page.locator('[data-test=report-submission] [data-test=evidence]').first().waitFor()
    await page.click('[data-test=submission-save]')
    await page.locator('[data-test=submission-state]', { hasText: '草稿' }).waitFor()
    await page.click('[data-test=submission-submit]')
    await page.locator('.el-message-box button', { hasText: '提交' }).click()
    await page.locator('[data-test=submission-state]', { hasText: '已提交' }).waitFor()
    const first = await api(page, 'GET', `/api/v1/report-periods/${period.id}/submissions/LC`)
    assertEqual(first.state, 'submitted', 'submitted')
    assertEqual(first.evidence_ids.length, 1, 'with its attachment')
    assert(first.first_submitted_at > 0, 'the first submission time kept')
    await shot('report-submitted')

    // The office returns it with a reason.
    await login(page, baseUrl, 'office', passwords.office)
    await page.goto(`${baseUrl}/reports/${period.id}`)
    await page.locator('[data-test=state-LC]', { hasText: '已提交' }).waitFor()
    await page.click('[data-test=return-LC]')
    await page.locator('.el-message-box textarea').fill('请补充培训人数和下步打算（E2E）')
    await page.locator('.el-message-box button', { hasText: '退回' }).click()
    await page.locator('[data-test=state-LC]', { hasText: '已退回' }).waitFor()

    // The officer reads the reason, corrects and submits again.
    await login(page, baseUrl, 'lc.officer', passwords['lc.officer'])
    const notes = await api(page, 'GET', '/api/v1/notifications')
    assert(notes.items.some((n) => n.kind === 'report_returned' && n.entity_id === period.id), 'the officer was told of the return')
    await page.goto(`${baseUrl}/reports/${period.id}/LC`)
    await page.locator('[data-test=returned-reason]', { hasText: '请补充培训人数' }).waitFor()
    await fill(page, 'submission-body', '一、工作开展情况：开展野外巡护和执法培训 1 期 46 人。二、下步打算：加强候鸟保护。（E2E）')
    await page.click('[data-test=submission-submit]')
    await page.locator('.el-message-box button', { hasText: '提交' }).click()
    await page.locator('[data-test=submission-state]', { hasText: '已提交' }).waitFor()
    const again = await api(page, 'GET', `/api/v1/report-periods/${period.id}/submissions/LC`)
    assertEqual(again.first_submitted_at, first.first_submitted_at, 'the first submission time stays')
    assert(again.submitted_at >= first.submitted_at, 'the latest submission recorded')
    assert(again.body.includes('下步打算'), 'the corrected text')

    // The office sees who is missing and reminds them.
    await login(page, baseUrl, 'office', passwords.office)
    await page.goto(`${baseUrl}/reports/${period.id}`)
    await page.locator('[data-test=state-LC]', { hasText: '已提交' }).waitFor()
    await page.locator('[data-test=state-NY]', { hasText: '未提交' }).waitFor()
    await page.locator('[data-test=overdue-NY]').waitFor()
    assertEqual(await page.locator('[data-test=overdue-LC]').count(), 0, '林草 is no longer overdue')
    await page.locator('[data-test=period-overdue]', { hasText: '逾期 7' }).waitFor()
    await shot('report-period-missing')
    const reminded = page.waitForResponse((r) => r.url().endsWith(`/api/v1/report-periods/${period.id}/reminders`))
    await page.click('[data-test=period-remind]')
    await page.locator('.el-message-box button', { hasText: '发送' }).click()
    const answer = await (await reminded).json()
    assert(answer.departments >= 1 && !answer.department_codes.includes('LC'), `reminded the missing departments: ${JSON.stringify(answer)}`)
    await page.locator('.el-message', { hasText: `已催报 ${answer.departments} 个部门` }).waitFor()

    await login(page, baseUrl, 'ny.officer', passwords['ny.officer'])
    const nyNotes = await api(page, 'GET', '/api/v1/notifications')
    assert(nyNotes.items.some((n) => n.kind === 'report_reminder' && n.entity_id === period.id), '农业农村 was reminded')
    await page.goto(`${baseUrl}/reports`)
    await page.locator(`[data-test=own-state-${period.id}]`, { hasText: '未提交' }).waitFor()
  })
}
