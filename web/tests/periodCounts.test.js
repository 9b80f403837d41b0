import { describe, expect, it, vi } from 'vitest'
import { countCreatedSince } from '../src/lib/periodCounts.js'

function pager(dates) {
  const items = dates.map((d, i) => ({ id: i + 1, created_at: d }))
  return vi.fn(async ({ page, page_size }) => ({ items: items.slice((page - 1) * page_size, page * page_size), total: items.length }))
}

const since = new Date('2026-11-23T00:00:00Z')

describe('period counts', () => {
  it('stops at the first older item when the list is newest first', async () => {
    const fetchPage = pager(['2026-11-29T01:00:00Z', '2026-11-24T01:00:00Z', '2026-11-20T01:00:00Z', '2026-11-28T01:00:00Z'])
    expect(await countCreatedSince(fetchPage, since, { newestFirst: true, pageSize: 2 })).toEqual({ count: 2, exact: true })
    expect(fetchPage).toHaveBeenCalledTimes(2)
  })

  it('reads every page of an unordered list and counts all matches', async () => {
    const fetchPage = pager(['2026-11-20T01:00:00Z', '2026-11-24T01:00:00Z', '2026-11-01T01:00:00Z', '2026-11-28T01:00:00Z', '2026-11-29T00:00:00Z'])
    expect(await countCreatedSince(fetchPage, since, { pageSize: 2 })).toEqual({ count: 3, exact: true })
    expect(fetchPage).toHaveBeenCalledTimes(3)
  })

  it('says the figure is a lower bound when the page budget runs out', async () => {
    const fetchPage = pager(Array(7).fill('2026-11-29T00:00:00Z'))
    expect(await countCreatedSince(fetchPage, since, { pageSize: 2, maxPages: 2 })).toEqual({ count: 4, exact: false })
  })

  it('passes the list filters through', async () => {
    const fetchPage = pager([])
    await countCreatedSince(fetchPage, since, { params: { state: 'pending' } })
    expect(fetchPage).toHaveBeenCalledWith({ state: 'pending', page: 1, page_size: 200 })
  })
})
