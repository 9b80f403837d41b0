// Starts the real qingfeng binary for the browser tests: a fresh SQLite
// database seeded with `qingfeng demo` (whose output lists each demo
// account's password once), then `serve` on a free loopback port with the
// built UI. Everything lives in a temporary directory removed on stop().
import { spawn, execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

// "  office\toffice\tOFFICE\t密码: Qf-…" → { office: 'Qf-…' }
export function parseDemoPasswords(text) {
  const out = {}
  for (const line of text.split('\n')) {
    const m = /^\s+(\S+)\t\S+\t\S+\t密码: (\S+)\s*$/.exec(line)
    if (m) out[m[1]] = m[2]
  }
  return out
}

export async function startServer({ binary, webDir, cases = 40 }) {
  const dir = await mkdtemp(join(tmpdir(), 'qf-e2e-'))
  const db = `sqlite:${join(dir, 'qingfeng.db')}`
  const env = {
    ...process.env,
    QINGFENG_WEB: resolve(webDir),
    QINGFENG_DATA_KEY_FILE: join(dir, 'data.key'),
    QINGFENG_EVIDENCE_DIR: join(dir, 'evidence'),
    QINGFENG_LOG_LEVEL: 'info',
  }
  const seeded = await run(binary, ['--db', db, 'demo', '--cases', String(cases)], { cwd: dir, env, timeout: 120000 })
  const passwords = parseDemoPasswords(seeded.stdout)
  if (!passwords.office) throw new Error(`demo printed no passwords:\n${seeded.stdout}\n${seeded.stderr}`)

  const child = spawn(binary, ['--db', db, 'serve', '--listen', '127.0.0.1:0'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  const baseUrl = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${log}`)), 20000)
    const onData = (chunk) => {
      log += chunk.toString()
      const m = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(log)
      if (m) {
        clearTimeout(timer)
        resolveUrl(m[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${log}`)))
  })
  // Keep draining the access log so the pipe never fills.
  child.stdout.on('data', () => {})
  child.stderr.on('data', (c) => (log += c.toString()))

  async function stop() {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
    await rm(dir, { recursive: true, force: true })
  }
  return { baseUrl, passwords, stop, log: () => log }
}
