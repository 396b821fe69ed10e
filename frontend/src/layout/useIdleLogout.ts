/** Ends the session after a period without activity, warning the user first. */
import { onBeforeUnmount, onMounted, ref } from 'vue'
import { useRouter } from 'vue-router'
import { useUserStore } from '@/store/modules/user'
import { ACTIVITY_EVENTS, IdleWatcher } from '@/utils/idle'

function minutesSetting(): number {
  const raw = Number(import.meta.env.VITE_IDLE_TIMEOUT_MINUTES ?? '30')
  return Number.isFinite(raw) && raw > 0 ? raw : 30
}

function warningSetting(): number {
  const raw = Number(import.meta.env.VITE_IDLE_WARNING_SECONDS ?? '60')
  return Number.isFinite(raw) && raw > 0 ? raw : 60
}

export function useIdleLogout() {
  const router = useRouter()
  const user = useUserStore()
  const warningVisible = ref(false)
  const secondsLeft = ref(0)
  let countdown: ReturnType<typeof setInterval> | null = null

  const timeoutMs = minutesSetting() * 60_000
  const warnMs = Math.min(warningSetting() * 1000, timeoutMs / 2)

  const stopCountdown = () => {
    if (countdown !== null) clearInterval(countdown)
    countdown = null
  }

  const watcher = new IdleWatcher({
    timeoutMs,
    warnMs,
    onWarn(seconds) {
      secondsLeft.value = seconds
      warningVisible.value = true
      stopCountdown()
      countdown = setInterval(() => {
        secondsLeft.value = Math.max(0, secondsLeft.value - 1)
      }, 1000)
    },
    async onTimeout() {
      stopCountdown()
      warningVisible.value = false
      await user.logout()
      await router.replace({ path: '/login', query: { reason: 'idle' } })
    }
  })

  const onActivity = () => watcher.activity()

  function stay(): void {
    stopCountdown()
    warningVisible.value = false
    watcher.stay()
  }

  async function logoutNow(): Promise<void> {
    stopCountdown()
    warningVisible.value = false
    watcher.stop()
    await user.logout()
    await router.replace({ path: '/login', query: { reason: 'logout' } })
  }

  onMounted(() => {
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { passive: true, capture: true })
    watcher.start()
  })

  onBeforeUnmount(() => {
    for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true })
    watcher.stop()
    stopCountdown()
  })

  return { warningVisible, secondsLeft, stay, logoutNow }
}
