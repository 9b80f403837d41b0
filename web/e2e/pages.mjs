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

export async function navTitles(page) {
  await page.waitForSelector('.el-menu')
  return page.locator('.el-menu > .el-menu-item, .el-menu > .el-sub-menu > .el-sub-menu__title, .el-menu .el-menu--inline .el-menu-item').allInnerTexts()
}

// A 1×1 PNG and a minimal PDF: real bytes the server's type check accepts.
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')
