/** The inbox: list, mark one or all read, follow a notice to its case. */
import { dictColour } from '@/store/modules/dictionary'
import { listNotifications, type Notification, type NotificationKind, type NotificationQuery } from '@/api/notifications'
import { usePagedList } from '@/utils/paged'

export interface NotificationSearch {
  /** 'unread' | 'all'. */
  box: 'unread' | 'all'
  kind: NotificationKind | ''
}

export function toNotificationQuery(filters: NotificationSearch, page: number, pageSize: number): NotificationQuery {
  const query: NotificationQuery = { page, page_size: pageSize }
  if (filters.box === 'unread') query.unread = true
  if (filters.kind) query.kind = filters.kind
  return query
}

/**
 * Where a notice leads: its case, else the supervision list, else (a pushed policy) the enterprise's home page with
 * its 适合我的政策 or, for a 包联 cadre, the policy list; else nowhere.
 */
export function notificationTarget(
  item: Pick<Notification, 'case_id' | 'supervision_id'> & { kind?: string },
  enterprise = false
): string | null {
  if (item.case_id) return `/cases/${item.case_id}`
  if (item.supervision_id) return '/supervision'
  if (item.kind === 'policy') return enterprise ? '/' : '/policies'
  return null
}

/** The tag type of a notice's kind: its 业务字典 colour when that is a tag type. */
export function kindTag(kind: string): 'primary' | 'success' | 'warning' | 'danger' | 'info' {
  return dictColour('notification_kind', kind).type ?? 'info'
}

export function useNotificationList() {
  return usePagedList<Notification, NotificationSearch>(
    (page, pageSize, filters) => listNotifications(toNotificationQuery(filters, page, pageSize)),
    () => ({ box: 'all', kind: '' })
  )
}
