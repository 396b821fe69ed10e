import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/notifications', () => ({ unreadCount: vi.fn() }))
const api = await import('@/api/notifications')
const { useNotificationStore, POLL_INTERVAL_MS } = await import('@/store/modules/notification')
const { usePermissionStore } = await import('@/store/modules/permission')

describe('unread badge', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(api.unreadCount).mockReset()
    vi.useFakeTimers()
  })
  afterEach(() => {
    useNotificationStore().stopPolling()
    vi.useRealTimers()
  })

  it('polls the unread count every minute while the user may read notices', async () => {
    usePermissionStore().setAccess({ permissions: ['case:notification:read'] })
    vi.mocked(api.unreadCount).mockResolvedValueOnce(3).mockResolvedValueOnce(120)
    const store = useNotificationStore()
    store.startPolling()
    await vi.waitFor(() => expect(store.unread).toBe(3))
    expect(store.badge).toBe('3')
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS)
    expect(api.unreadCount).toHaveBeenCalledTimes(2)
    expect(store.badge).toBe('99+')
    store.stopPolling()
    await vi.advanceTimersByTimeAsync(POLL_INTERVAL_MS * 3)
    expect(api.unreadCount).toHaveBeenCalledTimes(2)
  })

  it('asks nothing without the permission, and keeps the last count when a check fails', async () => {
    const store = useNotificationStore()
    await store.refresh()
    expect(api.unreadCount).not.toHaveBeenCalled()
    expect(store.badge).toBe('')

    usePermissionStore().setAccess({ permissions: ['case:notification:read'] })
    vi.mocked(api.unreadCount).mockResolvedValueOnce(5).mockRejectedValueOnce(new Error('offline'))
    await store.refresh()
    await store.refresh()
    expect(store.unread).toBe(5)
  })

  it('shares one request between refreshes asked for at the same time', async () => {
    usePermissionStore().setAccess({ permissions: ['case:notification:read'] })
    let answer!: (n: number) => void
    vi.mocked(api.unreadCount).mockReturnValueOnce(new Promise<number>((r) => (answer = r)))
    const store = useNotificationStore()
    const a = store.refresh()
    const b = store.refresh()
    answer(7)
    await Promise.all([a, b])
    expect(api.unreadCount).toHaveBeenCalledTimes(1)
    expect(store.unread).toBe(7)
  })
})
