// Photos sent with a public report (POST /api/v1/public/tips "photos"): the
// limits the server applies, checked before anything is read, and the files
// read as base64 for the JSON body.

export const MAX_PHOTOS = 3
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024

// The problem with a selection (Chinese), or '' when it may be sent.
export function photoProblem(files) {
  if (files.length > MAX_PHOTOS) return `照片最多 ${MAX_PHOTOS} 张`
  for (const f of files) {
    if (f.type && !f.type.startsWith('image/')) return `「${f.name}」不是图片`
    if (f.size > MAX_PHOTO_BYTES) return `「${f.name}」超过 5 MB，请压缩后再选`
    if (f.size === 0) return `「${f.name}」是空文件`
  }
  return ''
}

// "data:image/png;base64,AAAA" → "AAAA".
export function base64OfDataUrl(url) {
  const comma = url.indexOf(',')
  return comma < 0 ? '' : url.slice(comma + 1)
}

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result)
    reader.onerror = () => reject(new Error(`无法读取「${file.name}」`))
    reader.readAsDataURL(file)
  })
}

export async function photosForUpload(files) {
  const out = []
  for (const f of files) out.push({ name: f.name, data: base64OfDataUrl(await readAsDataUrl(f)) })
  return out
}
