import { describe, expect, it } from 'vitest'
import { MAX_PHOTO_BYTES, base64OfDataUrl, photoProblem } from '../src/lib/photos.js'

const file = (name, size, type = 'image/jpeg') => ({ name, size, type })

describe('photos of a public report', () => {
  it('accepts up to three images of at most 5 MB', () => {
    expect(photoProblem([])).toBe('')
    expect(photoProblem([file('a.jpg', 10), file('b.png', MAX_PHOTO_BYTES, 'image/png')])).toBe('')
  })
  it('names the file that breaks a limit', () => {
    expect(photoProblem([file('a', 1), file('b', 1), file('c', 1), file('d', 1)])).toBe('照片最多 3 张')
    expect(photoProblem([file('big.jpg', MAX_PHOTO_BYTES + 1)])).toContain('big.jpg')
    expect(photoProblem([file('x.pdf', 10, 'application/pdf')])).toContain('不是图片')
    expect(photoProblem([file('empty.jpg', 0)])).toContain('空文件')
  })
  it('keeps only the base64 of a data URL', () => {
    expect(base64OfDataUrl('data:image/png;base64,AAAA')).toBe('AAAA')
    expect(base64OfDataUrl('nonsense')).toBe('')
  })
})
