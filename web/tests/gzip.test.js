import { mkdtemp, readFile, writeFile, mkdir, access } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { gzipDirectory } from '../build/gzip-plugin.js'

describe('gzip build step', () => {
  it('writes .gz siblings for large text files only, decompressing to the original', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qf-gz-'))
    await mkdir(join(dir, 'assets'))
    const js = 'console.log("清风");\n'.repeat(200)
    await writeFile(join(dir, 'assets', 'app.js'), js)
    await writeFile(join(dir, 'index.html'), '<p>tiny</p>')
    await writeFile(join(dir, 'assets', 'logo.png'), Buffer.alloc(4096, 7))
    expect(await gzipDirectory(dir)).toBe(1)
    expect(gunzipSync(await readFile(join(dir, 'assets', 'app.js.gz'))).toString()).toBe(js)
    await expect(access(join(dir, 'index.html.gz'))).rejects.toThrow()
    await expect(access(join(dir, 'assets', 'logo.png.gz'))).rejects.toThrow()
  })
})
