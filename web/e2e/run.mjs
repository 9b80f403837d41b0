// Browser end-to-end tests against a real `qingfeng serve` with a fresh
// SQLite database and the built UI (web/dist). Needs QINGFENG_BINARY (the
// built binary) and /usr/bin/chromium. Screenshots go to E2E_OUT (default:
// a new temporary directory).
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'
import { startServer } from './server.mjs'
import { launchBrowser } from './browser.mjs'
import { createHarness } from './harness.mjs'
import { registerFlows } from './flows.mjs'
import { registerReportingFlows } from './reportingFlows.mjs'
import { registerJointReportFlows } from './jointReportFlows.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const binary = process.env.QINGFENG_BINARY || join(here, '../../build/qingfeng')
const webDir = join(here, '../dist')
if (!existsSync(binary)) {
  console.error(`qingfeng binary not found at ${binary} (set QINGFENG_BINARY)`)
  process.exit(2)
}
if (!existsSync(join(webDir, 'index.html'))) {
  console.error('web/dist is missing: run `npm run build` first')
  process.exit(2)
}
const outDir = process.env.E2E_OUT || (await mkdtemp(join(tmpdir(), 'qf-e2e-shots-')))

const started = Date.now()
const server = await startServer({ binary, webDir })
let browser
let ok = false
try {
  browser = await launchBrowser()
  const harness = createHarness(outDir)
  registerFlows(harness)
  registerReportingFlows(harness)
  registerJointReportFlows(harness)
  ok = await harness.run({ context: browser.context, baseUrl: server.baseUrl, passwords: server.passwords, shared: { outDir } })
  if (!ok) {
    const problems = server.log().split('\n').filter((l) => /\[(warning|error|critical)\]/.test(l))
    if (problems.length) console.log(`the server's warnings and errors:\n${problems.slice(-30).join('\n')}`)
  }
} catch (e) {
  console.error(e)
  console.error(server.log().slice(-3000))
} finally {
  await browser?.close()
  await server.stop()
}
console.log(`e2e finished in ${((Date.now() - started) / 1000).toFixed(1)} s`)
process.exit(ok ? 0 : 1)
