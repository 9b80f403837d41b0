import { describe, expect, it } from 'vitest'
import { apiKeyBody, apiKeyRows, emptyApiKey, scopeLabel, validateApiKey } from '../src/lib/apiKeys.js'

describe('API keys', () => {
  it('needs an account, a purpose and a scope', () => {
    expect(Object.keys(validateApiKey(emptyApiKey())).sort()).toEqual(['name', 'scopes', 'user_id'])
    expect(validateApiKey({ user_id: 5, name: '  ', scopes: ['events:write'] })).toEqual({ name: expect.any(String) })
    expect(validateApiKey({ user_id: 5, name: '平'.repeat(67), scopes: ['events:write'] }).name).toMatch('过长')
    const ok = { user_id: '5', name: ' 平台推送 ', scopes: ['listings:write'] }
    expect(validateApiKey(ok)).toEqual({})
    expect(apiKeyBody(ok)).toEqual({ user_id: 5, name: '平台推送', scopes: ['listings:write'] })
  })

  it('labels scopes and keeps unknown ones readable', () => {
    expect(scopeLabel('events:write')).toBe('推送事件')
    expect(scopeLabel('future:scope')).toBe('future:scope')
  })

  it('lists active keys first, newest first, with their account', () => {
    const keys = [
      { id: 1, user_id: 9, revoked: false, created_at: '2026-11-01T08:00:00+08:00' },
      { id: 2, user_id: 9, revoked: true, created_at: '2026-11-20T08:00:00+08:00' },
      { id: 3, user_id: 7, revoked: false, created_at: '2026-11-10T08:00:00+08:00' },
    ]
    const rows = apiKeyRows(keys, [{ id: 9, username: 'platform', display_name: '网络平台对接', department_code: 'WX' }])
    expect(rows.map((r) => r.id)).toEqual([3, 1, 2])
    expect(rows[1]).toMatchObject({ account: '网络平台对接', department_code: 'WX' })
    expect(rows[0].account).toBe('#7')
  })
})
