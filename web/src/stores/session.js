// The signed-in user: the session token (Bearer, kept in localStorage so a
// shared link opens in a new tab) and GET /api/v1/me with role and permissions.
import { defineStore } from 'pinia'
import { authApi, tokenStore } from '../api/index.js'
import { abilities, navFor } from '../lib/navigation.js'

export const useSession = defineStore('session', {
  state: () => ({ me: null, expiresAt: '', loaded: false }),
  getters: {
    signedIn: (s) => !!s.me,
    nav: (s) => navFor(s.me),
    can: (s) => abilities(s.me),
  },
  actions: {
    async login(username, password) {
      const res = await authApi.login(username, password)
      tokenStore.set(res.token)
      this.expiresAt = res.expires_at
      this.me = await authApi.me()
      this.loaded = true
    },
    // Restores the session from the stored token (once per page load).
    async restore() {
      if (this.loaded) return
      this.loaded = true
      if (!tokenStore.get()) return
      try {
        this.me = await authApi.me()
      } catch (err) {
        // Only the server saying the session is over ends it: a ranger who
        // opens the app without network keeps the token (and the queued
        // field records made under it) until the network is back.
        if (err?.status !== 0) tokenStore.clear()
        this.me = null
      }
    },
    async logout() {
      try {
        if (tokenStore.get()) await authApi.logout()
      } catch {
        // the session may already have ended; signing out locally is enough
      }
      this.forget()
    },
    forget() {
      tokenStore.clear()
      this.me = null
    },
  },
})
