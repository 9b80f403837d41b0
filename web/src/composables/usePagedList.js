// A server-paged list whose filters and page live in the URL query: the
// route is the single source of truth, so back/forward, reload and shared
// links all show the same view.
import { computed, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { errorMessage } from '../api/problem.js'
import { applyFilterChange, parseListQuery, toApiParams, toRouteQuery } from '../lib/listQuery.js'

export function usePagedList(schema, fetchPage) {
  const route = useRoute()
  const router = useRouter()
  const items = shallowRef([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref('')
  const values = computed(() => parseListQuery(schema, route.query))
  let seq = 0

  async function load() {
    const mine = ++seq
    loading.value = true
    error.value = ''
    try {
      const page = await fetchPage(toApiParams(schema, values.value))
      if (mine !== seq) return
      items.value = page.items || []
      total.value = page.total || 0
    } catch (e) {
      if (mine !== seq) return
      items.value = []
      total.value = 0
      error.value = errorMessage(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function update(patch) {
    const next = applyFilterChange(schema, values.value, patch)
    return router.push({ query: toRouteQuery(schema, next) })
  }

  function reset() {
    return router.push({ query: {} })
  }

  // Parameters for the export endpoint: the same filters, no paging.
  const exportParams = computed(() => toApiParams(schema, values.value, { paging: false }))

  watch(() => route.fullPath, load, { immediate: true })

  return { items, total, loading, error, values, update, reset, reload: load, exportParams }
}
