/** The unread count behind the bell in the nav bar: polled every minute and refreshed after actions. */
import { defineStore } from 'pinia'
import { unreadCount } from '@/api/notifications'
import { usePermissionStore } from './permission'

export const POLL_INTERVAL_MS = 60_000

let timer: ReturnType<typeof setInterval> | null = null
let inflight: Promise<void> | null = null

export const useNotificationStore = defineStore('notification', {
  state: () => ({ unread: 0, checkedAt: null as Date | null }),
  getters: {
    enabled: () => usePermissionStore().has('case:notification:read'),
    badge: (state) => (state.unread > 99 ? '99+' : state.unread > 0 ? String(state.unread) : '')
  },
  actions: {
    /** Asks the server for the count now (one request at a time; a failure keeps the last count). */
    refresh(): Promise<void> {
      if (!this.enabled) return Promise.resolve()
      if (!inflight) {
        inflight = unreadCount()
          .then((count) => {
            this.unread = count
            this.checkedAt = new Date()
          })
          .catch(() => undefined)
          .finally(() => {
            inflight = null
          })
      }
      return inflight
    },
    /** Polls while the shell is shown (and the tab is visible). */
    startPolling(): void {
      this.stopPolling()
      void this.refresh()
      timer = setInterval(() => {
        if (typeof document === 'undefined' || document.visibilityState !== 'hidden') void this.refresh()
      }, POLL_INTERVAL_MS)
    },
    stopPolling(): void {
      if (timer) clearInterval(timer)
      timer = null
    },
    setUnread(count: number): void {
      this.unread = Math.max(0, count)
    }
  }
})
