// Writes a .gz sibling next to every compressible file of the build, for
// the server to send to clients that accept gzip. Node's zlib only.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { gzipSync, constants } from 'node:zlib'

const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|txt|map|webmanifest)$/
const MIN_BYTES = 1024

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    if (entry.isDirectory()) yield* files(p)
    else yield p
  }
}

// Compresses the files under dir; returns the number of .gz files written.
export async function gzipDirectory(dir) {
  let written = 0
  for await (const file of files(dir)) {
    if (!COMPRESSIBLE.test(file)) continue
    if ((await stat(file)).size < MIN_BYTES) continue
    const data = await readFile(file)
    const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION })
    if (gz.length >= data.length) continue
    await writeFile(`${file}.gz`, gz)
    written++
  }
  return written
}

export function gzipAssets() {
  let outDir = 'dist'
  return {
    name: 'qingfeng-gzip-assets',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    // After every file is on disk (closeBundle also runs on failed builds).
    async writeBundle() {
      const n = await gzipDirectory(outDir)
      this.info?.(`gzip: ${n} files`)
    },
  }
}
