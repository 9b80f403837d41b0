// One record with its ETag: load, reload, and updates that send If-Match
// (the API answers 428 without it and 412 when someone changed it first).
import { ref, shallowRef } from 'vue'
import { errorMessage } from '../api/problem.js'

export function useRecord(load) {
  const record = shallowRef(null)
  const etag = ref('')
  const loading = ref(false)
  const error = ref('')
  const notFound = ref(false)

  async function reload() {
    loading.value = true
    error.value = ''
    notFound.value = false
    try {
      const res = await load()
      record.value = res.data
      etag.value = res.etag || (res.data?.version ? `"v${res.data.version}"` : '')
    } catch (e) {
      notFound.value = e?.status === 404
      error.value = errorMessage(e)
    } finally {
      loading.value = false
    }
  }

  // Replaces the record with a newer representation (from a write's answer).
  function replace(data, newEtag) {
    record.value = data
    etag.value = newEtag || (data?.version ? `"v${data.version}"` : etag.value)
  }

  return { record, etag, loading, error, notFound, reload, replace }
}
