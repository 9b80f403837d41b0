// A small sequential test harness for the browser flows: named steps,
// screenshots on demand and on failure, and the closing line
// "N passed, N failed" that CI reads.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'

export function createHarness(outDir) {
  const tests = []
  return {
    test: (name, fn) => tests.push({ name, fn }),
    async run(ctx) {
      await mkdir(outDir, { recursive: true })
      let passed = 0
      let failed = 0
      // E2E_GREP: run only the flows whose name contains it (while developing).
      const only = process.env.E2E_GREP
      for (const t of only ? tests.filter((x) => x.name.includes(only)) : tests) {
        const started = Date.now()
        const page = await ctx.context.newPage()
        const shot = (name, opts = {}) => page.screenshot({ path: join(outDir, `${name}.png`), fullPage: false, ...opts })
        try {
          await t.fn({ ...ctx, page, shot })
          passed++
          console.log(`  ✓ ${t.name} (${Date.now() - started} ms)`)
        } catch (e) {
          failed++
          console.log(`  ✗ ${t.name}\n    ${String(e?.stack || e).split('\n').slice(0, 6).join('\n    ')}`)
          // What the page told its user (an error toast explains most timeouts).
          const messages = await page.locator('.el-message, .el-alert--error').allInnerTexts().catch(() => [])
          if (messages.length) console.log(`    on the page: ${messages.join(' | ')}`)
          await page.screenshot({ path: join(outDir, `FAILED-${t.name.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.png`) }).catch(() => {})
        } finally {
          await page.close().catch(() => {})
        }
      }
      console.log(`screenshots: ${outDir}`)
      console.log(`${passed} passed, ${failed} failed`)
      return failed === 0
    },
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`)
}

export function assertEqual(actual, expected, message) {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
}
