/** 站内消息：收件箱、未读数、标为已读。 */
import { http } from '@/utils/http/client'
import type { ItemOf, QueryOf, ResponseOf } from './types'

export type Notification = ItemOf<'/api/v1/notifications'>
export type NotificationPage = ResponseOf<'/api/v1/notifications', 'get'>
export type NotificationQuery = QueryOf<'/api/v1/notifications', 'get'>
export type NotificationKind = Notification['kind']

export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'assigned',
  'feedback_due',
  'due_tomorrow',
  'overdue',
  'supervised',
  'rated',
  'returned',
  'result_submitted',
  'resolved'
]

export async function listNotifications(query: NotificationQuery): Promise<NotificationPage> {
  return (await http.get<NotificationPage>('/api/v1/notifications', { params: query })).data
}

export async function unreadCount(): Promise<number> {
  const res = await http.get<ResponseOf<'/api/v1/notifications/unread-count', 'get'>>('/api/v1/notifications/unread-count')
  return res.data.count
}

export async function markRead(id: number): Promise<Notification> {
  return (await http.post<Notification>(`/api/v1/notifications/${encodeURIComponent(String(id))}/read`)).data
}

export async function markAllRead(): Promise<number> {
  const res = await http.post<ResponseOf<'/api/v1/notifications/read-all', 'post'>>('/api/v1/notifications/read-all')
  return res.data.updated
}
