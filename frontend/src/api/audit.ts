/** 审计日志（仅审计员）。 */
import { http } from '@/utils/http/client'
import type { ItemOf, QueryOf, ResponseOf } from './types'

export type AuditLog = ItemOf<'/api/v1/audit/logs'>
export type AuditLogPage = ResponseOf<'/api/v1/audit/logs', 'get'>
export type AuditLogQuery = QueryOf<'/api/v1/audit/logs', 'get'>

export async function listAuditLogs(query: AuditLogQuery): Promise<AuditLogPage> {
  const res = await http.get<AuditLogPage>('/api/v1/audit/logs', { params: query })
  return res.data
}
