// Reference data loaded once per session: the case vocabulary and the
// departments (names for codes and ids).
import { defineStore } from 'pinia'
import { casesApi, directoryApi } from '../api/index.js'

export const useReference = defineStore('reference', {
  state: () => ({ vocabulary: null, departments: [], loading: null }),
  getters: {
    stateLabels: (s) => Object.fromEntries((s.vocabulary?.states || []).map((t) => [t.code, t.label])),
    label: (s) => (list, code) => (s.vocabulary?.[list] || []).find((t) => t.code === code)?.label || code || '—',
    departmentName: (s) => (codeOrId) => {
      const d = s.departments.find((x) => x.code === codeOrId || x.id === codeOrId)
      return d ? d.short_name || d.name : String(codeOrId ?? '—')
    },
    enforcementDepartments: (s) => s.departments.filter((d) => d.kind === 'department' && d.active),
  },
  actions: {
    ensure() {
      if (!this.loading) {
        this.loading = Promise.all([
          casesApi.vocabulary().then((v) => (this.vocabulary = v)),
          // Rangers may not read the directory: codes are shown instead of names.
          directoryApi.departments().then((d) => (this.departments = d.items)).catch(() => (this.departments = [])),
        ]).catch((e) => {
          this.loading = null
          throw e
        })
      }
      return this.loading
    },
    reset() {
      this.vocabulary = null
      this.departments = []
      this.loading = null
    },
  },
})
