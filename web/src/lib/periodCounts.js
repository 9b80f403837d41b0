// Week/month figures from the list endpoints (the API has no statistics
// route): pages are read until the period is covered or a bound is hit,
// and the answer says whether it is exact.

// fetchPage(params) → { items, total }. newestFirst: the list is ordered by
// creation, newest first, so reading may stop at the first older item.
export async function countCreatedSince(fetchPage, since, { newestFirst = false, pageSize = 200, maxPages = 5, field = 'created_at', params = {} } = {}) {
  const sinceMs = since.getTime()
  let count = 0
  let seen = 0
  for (let page = 1; page <= maxPages; page++) {
    const res = await fetchPage({ ...params, page, page_size: pageSize })
    for (const item of res.items) {
      const t = Date.parse(item[field])
      if (t >= sinceMs) count++
      else if (newestFirst) return { count, exact: true }
    }
    seen += res.items.length
    if (seen >= res.total || res.items.length < pageSize) return { count, exact: true }
  }
  return { count, exact: false }
}
