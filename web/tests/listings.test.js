import { describe, expect, it } from 'vitest'
import { fieldSpans, listingActions, segmentText, takedownSteps } from '../src/lib/listings.js'

const reviewer = { role: 'officer', permissions: { review_listings: true, create_records: true } }
const leader = { role: 'leader', permissions: { review_listings: true, create_records: true } }
const reader = { role: 'officer', permissions: { read_listings: true, create_records: true } }

describe('listing actions', () => {
  it('lets a reviewer decide a pending listing, and only that', () => {
    expect(listingActions(reviewer, { review_state: 'pending' })).toMatchObject({ review: true, correct: false, takedown: [], openCase: false })
    expect(listingActions(reader, { review_state: 'pending' }).review).toBe(false)
  })

  it('offers takedown and a case once confirmed; a leader may correct until takedown starts', () => {
    const confirmed = { review_state: 'confirmed', takedown_state: '' }
    expect(listingActions(reviewer, confirmed)).toMatchObject({ review: false, correct: false, takedown: ['request'], openCase: true })
    expect(listingActions(leader, confirmed).correct).toBe(true)
    expect(listingActions(leader, { ...confirmed, takedown_state: 'requested' }).correct).toBe(false)
    expect(listingActions(reviewer, { ...confirmed, case_id: 9 }).openCase).toBe(false)
  })

  it('follows the takedown steps', () => {
    expect(takedownSteps({ takedown_state: 'requested', platform_notified_at: '' })).toEqual(['notified', 'taken_down'])
    expect(takedownSteps({ takedown_state: 'requested', platform_notified_at: '2026-11-29T10:00:00Z' })).toEqual(['taken_down'])
    expect(takedownSteps({ takedown_state: 'taken_down' })).toEqual(['recheck'])
    expect(takedownSteps({ takedown_state: 'still_online' })).toEqual(['request', 'recheck'])
    expect(takedownSteps({ takedown_state: 'verified' })).toEqual([])
  })
})

describe('highlighting by spans', () => {
  it('cuts the text by code points and marks counted hits, weak hits and contacts', () => {
    // "𠮷" is one code point but two UTF-16 units: offsets are code points.
    const spans = [
      { char_start: 1, char_end: 4, counted: true },
      { char_start: 2, char_end: 4, counted: false },
      { char_start: 5, char_end: 7, kind: 'contact' },
    ]
    const segs = segmentText('𠮷穿山甲，加微', spans)
    expect(segs.map((s) => s.text)).toEqual(['𠮷', '穿山甲', '，', '加微'])
    expect(segs[1]).toMatchObject({ hit: true, weak: false, contact: false })
    expect(segs[3]).toMatchObject({ contact: true, hit: false })
    expect(segs[0]).toMatchObject({ hit: false, weak: false, contact: false })
  })

  it('marks the selected span and treats a suppressed hit as weak', () => {
    const sel = { char_start: 0, char_end: 2, counted: true, suppressed_by: '人工养殖' }
    const segs = segmentText('象牙手镯', [sel], sel)
    expect(segs[0]).toMatchObject({ text: '象牙', hit: false, weak: true, selected: true })
    expect(segs[1]).toMatchObject({ text: '手镯', selected: false })
  })

  it('takes the spans of one field, contacts included', () => {
    const ex = { hits: [{ field: 'title', char_start: 0, char_end: 2 }, { field: 'text', char_start: 0, char_end: 1 }], contacts: [{ field: 'text', char_start: 3, char_end: 5 }] }
    expect(fieldSpans(ex, 'text')).toHaveLength(2)
    expect(fieldSpans(ex, 'text')[1].kind).toBe('contact')
    expect(segmentText('', [])).toEqual([])
  })
})
