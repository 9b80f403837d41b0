// Inline form validation: nothing is shown until the first submit; after
// that the messages follow the user's edits, so a fixed field clears at once.
import { ref, watch } from 'vue'

export function useValidation(source, validate) {
  const errors = ref({})
  let active = false
  watch(source, (v) => active && (errors.value = validate(v)), { deep: true })
  function check() {
    active = true
    errors.value = validate(source())
    return Object.keys(errors.value).length === 0
  }
  // Server-side field errors (422) shown in the same places.
  function setServerErrors(map) {
    errors.value = { ...errors.value, ...map }
  }
  return { errors, check, setServerErrors }
}
