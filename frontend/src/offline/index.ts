/** The offline side of the app: the connection state, and sending the visit queue at start and whenever it returns. */
import { ref, watch } from 'vue'
import { ElMessage } from 'element-plus'
import { t } from '@/locales'
import { useUserStore } from '@/store/modules/user'
import { flushQueue, refreshQueue, setQueueOwner } from './queue'

/** Whether the browser believes it has a connection (follows the `online` / `offline` events). */
export const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)

/** Sends what waits, telling the cadre what went and what was refused. */
export async function sendQueued(): Promise<void> {
  if (!online.value) return
  const { sent, failed } = await flushQueue()
  if (sent > 0) ElMessage({ type: 'success', message: t('visit.queueSent', { n: sent }), grouping: true })
  if (failed > 0) ElMessage({ type: 'warning', message: t('visit.queueFailed', { n: failed }), grouping: true, showClose: true })
}

/** Follows the connection and the signed-in user; the queue is sent at sign-in (start) and on every `online`. */
export function installOfflineQueue(): void {
  if (typeof window === 'undefined' || typeof indexedDB === 'undefined') return
  window.addEventListener('online', () => {
    online.value = true
    void sendQueued()
  })
  window.addEventListener('offline', () => {
    online.value = false
  })
  const user = useUserStore()
  watch(
    () => user.user?.username ?? '',
    (name) => {
      setQueueOwner(name)
      void refreshQueue().then(() => (name ? sendQueued() : undefined))
    },
    { immediate: true }
  )
}
