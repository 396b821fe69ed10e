/** 在线用户（安全管理员，可强制下线）与登录日志（审计员，可导出）。 */
import { http } from '@/utils/http/client'
import { downloadFile } from '@/utils/download'
import type { ItemOf, QueryOf, ResponseOf } from './types'

export type OnlineSession = ItemOf<'/api/v1/system/sessions'>
export type OnlineSessionPage = ResponseOf<'/api/v1/system/sessions', 'get'>
export type OnlineSessionQuery = QueryOf<'/api/v1/system/sessions', 'get'>
export type SignIn = ItemOf<'/api/v1/audit/sign-ins'>
export type SignInPage = ResponseOf<'/api/v1/audit/sign-ins', 'get'>
export type SignInQuery = QueryOf<'/api/v1/audit/sign-ins', 'get'>

export async function listOnlineSessions(query: OnlineSessionQuery): Promise<OnlineSessionPage> {
  const res = await http.get<OnlineSessionPage>('/api/v1/system/sessions', { params: query })
  return res.data
}

export async function revokeSession(sessionId: string): Promise<void> {
  await http.post(`/api/v1/system/sessions/${encodeURIComponent(sessionId)}/revoke`)
}

export async function listSignIns(query: SignInQuery): Promise<SignInPage> {
  const res = await http.get<SignInPage>('/api/v1/audit/sign-ins', { params: query })
  return res.data
}

/** The filtered log as XLSX (page and page size do not apply). */
export async function exportSignIns(query: SignInQuery): Promise<string> {
  const { page: _page, page_size: _size, ...filters } = query
  return downloadFile('/api/v1/audit/sign-ins/export', '登录日志.xlsx', filters)
}
