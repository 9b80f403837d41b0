// Page helpers shared by the flows: signing in, Element Plus selects and
// the app's navigation.

export async function login(page, baseUrl, username, password) {
  // The browser profile is shared between tests: forget any earlier session.
  await page.goto(`${baseUrl}/report`)
  await page.evaluate(() => localStorage.clear())
  await page.goto(`${baseUrl}/login`)
  await page.fill('input[name=username]', username)
  await page.fill('input[name=password]', password)
  await page.click('button[type=submit]')
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await page.waitForSelector('[data-test=user-menu]')
}

// Opens an el-select (by a locator inside it) and picks the option with this text.
export async function choose(page, selectLocator, optionText) {
  await selectLocator.click()
  const option = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: optionText }).first()
  await option.click()
}

// Follows the desktop navigation's entry with this title. Groups start open,
// but one may have been folded, and clicking a group's title toggles it: open
// the group only when the entry is hidden, then wait for the entry to show.
export async function openNav(page, title) {
  await page.locator('.el-aside .el-menu.nav').waitFor()
  const entry = page.locator('.el-aside .el-menu-item', { hasText: title }).first()
  if (!(await entry.isVisible())) {
    await page.locator('.el-aside .el-sub-menu', { has: entry }).locator('.el-sub-menu__title').click()
    await entry.waitFor({ state: 'visible' })
  }
  await entry.click()
}

export async function navTitles(page) {
  await page.waitForSelector('.el-menu')
  const texts = await page.locator('.el-menu > .el-menu-item, .el-menu > .el-sub-menu > .el-sub-menu__title, .el-menu .el-menu--inline .el-menu-item').allInnerTexts()
  // Without the badge counts (移送接收 3).
  return texts.map((t) => t.replace(/\s*\d+\+?\s*$/, '').trim())
}

// A 1×1 PNG and a minimal PDF: real bytes the server's type check accepts.
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

// Calls the API from the page with the signed-in session (Bearer token in
// localStorage), for the set-up a flow needs; throws on an error status.
export async function api(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const headers = { Authorization: `Bearer ${localStorage.getItem('qf.session')}` }
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json'
        headers['Idempotency-Key'] = crypto.randomUUID()
      }
      const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
      const data = await res.json().catch(() => null)
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`)
      return data
    },
    { method, path, body },
  )
}

// Types into a species picker (its input, found by data-test) and chooses
// the catalog entry with this id.
export async function pickSpecies(page, input, query, id) {
  await input.fill(query)
  await page.locator(`.species-picker-popper:visible [data-test=species-option-${id}]`).click()
  await input.locator('xpath=ancestor::div[contains(@class, "species-picker")][1]').locator('[data-test=species-picked]').waitFor()
}

// Fills the open 行刑衔接 dialog: the reason and the four mandatory
// documents (the send button stays disabled until they are all there).
export const CRIMINAL_DOCUMENTS = ['transfer_letter', 'investigation_report', 'item_list', 'inspection_conclusion']
export async function fillCriminalTransfer(page, reason) {
  const send = page.locator('[data-test=send-transfer]')
  if (!(await send.isDisabled())) throw new Error('send enabled while documents are missing')
  await page.locator('.el-dialog:visible textarea').fill(reason)
  for (const kind of CRIMINAL_DOCUMENTS) {
    const row = page.locator(`[data-test=doc-${kind}]`)
    const [fc] = await Promise.all([page.waitForEvent('filechooser'), row.locator('button', { hasText: '上传' }).click()])
    await fc.setFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: PDF })
    await row.locator(`text=${kind}.pdf`).waitFor()
  }
  if (await send.isDisabled()) throw new Error('send disabled with every mandatory document')
  return send
}
