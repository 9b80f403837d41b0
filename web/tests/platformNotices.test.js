import { describe, expect, it } from 'vitest'
import { LISTING_TAKEDOWN_FILTERS, emptyPlatform, noticeBadge, noticeRetryable, noticeSummary, noticeTag, platformBody, platformForm, validatePlatform } from '../src/lib/platformNotices.js'
import { LISTING_LIST } from '../src/lib/listSchemas.js'
import { parseListQuery, toApiParams } from '../src/lib/listQuery.js'

describe('platform notices', () => {
  it('offers the overdue filter in the review queue', () => {
    expect(LISTING_TAKEDOWN_FILTERS.map((t) => t.code)).toContain('overdue')
    const values = parseListQuery(LISTING_LIST, { takedown: 'overdue' })
    expect(values.takedown).toBe('overdue')
    expect(toApiParams(LISTING_LIST, values).takedown).toBe('overdue')
    expect(parseListQuery(LISTING_LIST, { takedown: 'bogus' }).takedown).toBe('')
  })

  it('shows a notice by its state', () => {
    expect(noticeTag('retrying')).toBe('warning')
    expect(noticeTag('gave_up')).toBe('danger')
    expect(noticeTag('sent')).toBe('success')
    expect(noticeSummary(null)).toBe('')
    expect(noticeSummary({ channel: 'manual', status: 'manual', status_label: '须人工通知' })).toMatch('须人工通知平台')
    expect(noticeSummary({ channel: 'manual', status: 'manual', status_label: '须人工通知' }, '2026-01-01T00:00:00.000Z')).toMatch('已人工通知')
    expect(noticeSummary({ channel: 'webhook', status: 'retrying', status_label: '发送失败重试中', attempts: 2, last_error: '接收方返回 HTTP 500' })).toBe('发送失败重试中 · 已尝试 2 次 · 接收方返回 HTTP 500')
    expect(noticeSummary({ channel: 'webhook', status: 'sent', status_label: '已发送', attempts: 3, last_error: '' })).toBe('已发送 · 已尝试 3 次')
  })

  it('puts a notice in one tag for a queue row', () => {
    expect(noticeBadge(null)).toBeNull()
    const webhook = (status, extra = {}) => ({ channel: 'webhook', status, status_label: status, delivery_id: 7, overdue: false, acknowledged_at: '', ...extra })
    expect(noticeBadge(webhook('queued'))).toEqual({ label: '通知待发送', type: 'info' })
    expect(noticeBadge(webhook('retrying'))).toEqual({ label: '通知重试中', type: 'warning' })
    expect(noticeBadge(webhook('sent'))).toEqual({ label: '通知已送达', type: 'success' })
    expect(noticeBadge(webhook('gave_up'))).toEqual({ label: '通知发送失败', type: 'danger' })
    // Overdue outranks how far the notice got; the platform's report outranks both.
    expect(noticeBadge(webhook('sent', { overdue: true })).label).toBe('逾期未下架')
    expect(noticeBadge(webhook('sent', { acknowledged_at: '2026-11-02T00:00:00.000Z' })).label).toBe('平台已回报下架')
    const manual = { channel: 'manual', status: 'manual', status_label: '须人工通知', overdue: false, acknowledged_at: '' }
    expect(noticeBadge(manual, { platform_notified_at: '' })).toEqual({ label: '须人工通知', type: 'warning' })
    expect(noticeBadge(manual, { platform_notified_at: '2026-11-01T00:00:00.000Z' }).label).toBe('已人工通知')
  })

  it('offers a retry only for a failed or waiting webhook notice, to the office and the administrator', () => {
    const office = { role: 'office', permissions: { read_audit: true } }
    const requested = { takedown_state: 'requested' }
    const failed = { channel: 'webhook', status: 'gave_up', delivery_id: 9 }
    expect(noticeRetryable(failed, requested, office)).toBe(true)
    expect(noticeRetryable({ ...failed, status: 'retrying' }, requested, { role: 'admin', permissions: { read_audit: true } })).toBe(true)
    expect(noticeRetryable({ ...failed, status: 'sent' }, requested, office)).toBe(false)
    expect(noticeRetryable({ ...failed, status: 'queued' }, requested, office)).toBe(false)
    expect(noticeRetryable({ channel: 'manual', status: 'manual', delivery_id: null }, requested, office)).toBe(false)
    expect(noticeRetryable(failed, { takedown_state: 'taken_down' }, office)).toBe(false)
    expect(noticeRetryable(failed, requested, { role: 'officer', permissions: { review_listings: true } })).toBe(false)
    expect(noticeRetryable(failed, requested, { role: 'office', permissions: {} })).toBe(false)
    expect(noticeRetryable(null, requested, office)).toBe(false)
  })

  it('checks the platform form as the server does', () => {
    expect(Object.keys(validatePlatform(emptyPlatform(), { creating: true })).sort()).toEqual(['code', 'notice_url'])
    const ok = { ...emptyPlatform(), code: ' 闲鱼 ', notice_url: 'http://127.0.0.1:8088/notices', account: 'xianyu' }
    expect(validatePlatform(ok, { creating: true })).toEqual({})
    expect(validatePlatform({ ...ok, notice_url: 'https://x.example/n' }, { creating: true }).notice_url).toMatch('http://')
    expect(validatePlatform({ ...ok, notice_url: 'ftp://x/' }, { creating: true }).notice_url).toBeTruthy()
    expect(validatePlatform({ ...ok, notice_url: 'http://a b/' }, { creating: true }).notice_url).toBeTruthy()
    expect(validatePlatform({ ...ok, code: 'a/b' }, { creating: true }).code).toBeTruthy()
    expect(validatePlatform({ ...ok, deadline_hours: 0 }, { creating: true }).deadline_hours).toBeTruthy()
    expect(validatePlatform({ ...ok, notice_url: '', enabled: false }, { creating: false })).toEqual({})
    expect(platformBody(ok, { creating: true })).toEqual({ code: '闲鱼', name: '', notice_url: 'http://127.0.0.1:8088/notices', enabled: true, deadline_hours: 24, account: 'xianyu', note: '' })
    expect(platformBody(ok, { creating: false }).code).toBeUndefined()
    expect(platformForm({ code: '拼多多', enabled: false, deadline_hours: 48, has_secret: true }).deadline_hours).toBe(48)
  })
})
