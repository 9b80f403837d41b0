// Counts shown as badges in the shell: unread notifications, transfers
// waiting for the user's department and, for reviewers, listings waiting
// for review. Hints only: a failed count keeps the last value (the pages
// themselves show errors).
import { defineStore } from 'pinia'
import { listingsApi, notificationsApi, transfersApi } from '../api/index.js'
import { canOpen } from '../lib/navigation.js'
import { useSession } from './session.js'

const totalOf = async (fetch, params) => (await fetch({ ...params, page: 1, page_size: 1 })).total

export const useBadges = defineStore('badges', {
  state: () => ({ unread: 0, transfers: 0, listings: 0 }),
  getters: {
    // Badge values by navigation entry name.
    byNav: (s) => ({ transfers: s.transfers, listings: s.listings }),
  },
  actions: {
    async refresh() {
      const me = useSession().me
      if (!me) return
      const jobs = [totalOf(notificationsApi.list, { unread: 'true' }).then((n) => (this.unread = n))]
      if (canOpen(me, 'transfers')) jobs.push(totalOf(transfersApi.list, { direction: 'incoming', state: 'requested' }).then((n) => (this.transfers = n)))
      // Reviewers see how many listings wait for review.
      if (me.permissions?.review_listings) jobs.push(totalOf(listingsApi.list, { state: 'pending' }).then((n) => (this.listings = n)))
      await Promise.allSettled(jobs)
    },
  },
})
