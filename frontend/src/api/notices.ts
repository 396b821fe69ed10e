/** 通知公告：系统管理员起草、发布、撤回并查看阅读情况；每个用户在收件箱和登录时阅读发给自己的通知。 */
import { http } from '@/utils/http/client'
import { ifMatch } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

const S = '/api/v1/system/notices'
const seg = (value: string | number) => encodeURIComponent(String(value))

export type Notice = ResponseOf<'/api/v1/system/notices/{notice_id}', 'get'>
export type NoticePage = ResponseOf<'/api/v1/system/notices', 'get'>
export type NoticeQuery = QueryOf<'/api/v1/system/notices', 'get'>
export type NoticeCreate = BodyOf<'/api/v1/system/notices', 'post'>
export type NoticeUpdate = BodyOf<'/api/v1/system/notices/{notice_id}', 'patch'>
export type NoticeStatus = Notice['status']
export type NoticeAttachment = Notice['attachments'][number]
export type Reader = ItemOf<'/api/v1/system/notices/{notice_id}/readers'>
export type ReaderPage = ResponseOf<'/api/v1/system/notices/{notice_id}/readers', 'get'>
export type ReaderQuery = QueryOf<'/api/v1/system/notices/{notice_id}/readers', 'get'>
export type MyNotice = ItemOf<'/api/v1/notices/mine'>
export type MyNoticePage = ResponseOf<'/api/v1/notices/mine', 'get'>
export type MyNoticeQuery = QueryOf<'/api/v1/notices/mine', 'get'>
export type UnreadNotices = ResponseOf<'/api/v1/notices/mine/unread-count', 'get'>
export type ReadReceipt = ResponseOf<'/api/v1/notices/{notice_id}/read', 'post'>

export const NOTICE_STATUSES: readonly NoticeStatus[] = ['draft', 'published', 'withdrawn']

export async function listNotices(query: NoticeQuery): Promise<NoticePage> {
  return (await http.get<NoticePage>(S, { params: query })).data
}

export async function getNotice(id: number): Promise<Notice> {
  return (await http.get<Notice>(`${S}/${seg(id)}`)).data
}

export async function createNotice(body: NoticeCreate, idempotencyKey: string): Promise<Notice> {
  return (await http.post<Notice>(S, body, { headers: { 'Idempotency-Key': idempotencyKey } })).data
}

export async function updateNotice(id: number, version: number, body: NoticeUpdate): Promise<Notice> {
  return (await http.patch<Notice>(`${S}/${seg(id)}`, body, { headers: { 'If-Match': ifMatch(version) } })).data
}

export async function publishNotice(id: number, version: number): Promise<Notice> {
  return (await http.post<Notice>(`${S}/${seg(id)}/publish`, null, { headers: { 'If-Match': ifMatch(version) } })).data
}

export async function withdrawNotice(id: number, version: number): Promise<Notice> {
  return (await http.post<Notice>(`${S}/${seg(id)}/withdraw`, null, { headers: { 'If-Match': ifMatch(version) } })).data
}

export async function uploadNoticeAttachment(id: number, file: File): Promise<NoticeAttachment> {
  const form = new FormData()
  form.append('file', file, file.name)
  return (await http.post<NoticeAttachment>(`${S}/${seg(id)}/attachments`, form, { timeout: 120_000 })).data
}

export async function listReaders(id: number, query: ReaderQuery): Promise<ReaderPage> {
  return (await http.get<ReaderPage>(`${S}/${seg(id)}/readers`, { params: query })).data
}

export async function myNotices(query: MyNoticeQuery): Promise<MyNoticePage> {
  return (await http.get<MyNoticePage>('/api/v1/notices/mine', { params: query })).data
}

export async function unreadNotices(): Promise<UnreadNotices> {
  return (await http.get<UnreadNotices>('/api/v1/notices/mine/unread-count')).data
}

export async function markNoticeRead(id: number): Promise<ReadReceipt> {
  return (await http.post<ReadReceipt>(`/api/v1/notices/${seg(id)}/read`)).data
}

/** 阅读率 as a whole percentage (0 when nobody is addressed). */
export function ratePercent(rate: Pick<Notice['read_rate'], 'rate'>): number {
  return Math.round(rate.rate * 100)
}
