import { describe, expect, it } from 'vitest'
import { nextTick, reactive } from 'vue'
import { useValidation } from '../src/composables/useValidation.js'
import { validatePublicReport } from '../src/lib/validation.js'

describe('useValidation', () => {
  it('stays quiet before the first submit, then follows the edits', async () => {
    const form = reactive({ content: '', reporter_phone: '12' })
    const { errors, check, setServerErrors } = useValidation(() => ({ ...form }), validatePublicReport)
    form.content = 'x'
    await nextTick()
    expect(errors.value).toEqual({})
    expect(check()).toBe(false)
    expect(errors.value).toEqual({ reporter_phone: '请输入正确的手机或座机号码' })
    form.reporter_phone = '13912345678'
    await nextTick()
    expect(errors.value).toEqual({})
    expect(check()).toBe(true)
    setServerErrors({ content: '含有不允许的字符' })
    expect(errors.value.content).toBe('含有不允许的字符')
  })
})
