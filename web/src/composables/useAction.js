// Runs a user action: optional confirmation first (destructive actions),
// a busy flag, a success toast and the API's Chinese error message on failure.
import { ref } from 'vue'
import { ElMessage, ElMessageBox } from 'element-plus'
import { errorMessage } from '../api/problem.js'
import { newIdempotencyKey } from '../api/client.js'

export function useAction() {
  const busy = ref(false)
  const lastError = ref(null)
  // One Idempotency-Key per attempt of the same action: a retry after a
  // network failure reuses it, so the server does not create twice.
  let key = newIdempotencyKey()

  // messages: { [status]: text } replaces the generic message for a status
  // the caller handles itself (a 412 it answers with a reload, say).
  async function run(fn, { confirm, success, messages = {} } = {}) {
    if (confirm) {
      try {
        await ElMessageBox.confirm(confirm.message, confirm.title || '请确认', {
          type: 'warning',
          confirmButtonText: confirm.button || '确定',
          cancelButtonText: '取消',
        })
      } catch {
        return undefined
      }
    }
    busy.value = true
    lastError.value = null
    try {
      const out = await fn(key)
      key = newIdempotencyKey()
      if (success) ElMessage.success(success)
      return out
    } catch (e) {
      lastError.value = e
      if (e?.status !== 0) key = newIdempotencyKey()
      ElMessage.error({ message: messages[e?.status] || errorMessage(e), duration: 6000, showClose: true })
      return undefined
    } finally {
      busy.value = false
    }
  }

  return { busy, lastError, run }
}
