// Server-side sorting of a paged list's table: the sort lives in the URL
// (schema field `sort`), the table shows it and changes it, and phones,
// where the sortable columns are hidden, get the same choices as a select.
import { computed } from 'vue'
import { nextSort, sortOptions, sortToTable } from '../lib/listQuery.js'

export function useListSort(list, spec) {
  const current = computed(() => list.values.value.sort || '')
  return {
    current,
    // :default-sort of el-table (read when the table mounts; the table is keyed on it).
    tableSort: computed(() => sortToTable(current.value)),
    options: sortOptions(spec),
    // The table is keyed on the sort, so it redraws with the URL's order.
    onSortChange: (e) => list.update({ sort: nextSort(current.value, e?.prop) }),
    set: (value) => list.update({ sort: value || '' }),
  }
}
