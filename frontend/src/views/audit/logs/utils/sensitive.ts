/** The auditor's view of sensitive permission changes (个人信息、审计、角色管理 permissions granted or revoked). */
import dayjs from 'dayjs'
import { listAuditLogs, type AuditLog, type AuditLogQuery } from '@/api/audit'
import { usePagedList } from '@/utils/paged'

export const SENSITIVE_GRANT = 'role.sensitive_grant'
export const SENSITIVE_REVOKE = 'role.sensitive_revoke'

export interface SensitiveSearch {
  /** '' = both. */
  change: '' | 'grant' | 'revoke'
  actor: string
  range: [Date, Date] | null
}

/** Search bar → the category query of the merged audit log. */
export function toSensitiveQuery(search: SensitiveSearch, page: number, pageSize: number): AuditLogQuery {
  const query: AuditLogQuery = { page, page_size: pageSize, category: 'sensitive_permission' }
  if (search.change) query.action = search.change === 'grant' ? SENSITIVE_GRANT : SENSITIVE_REVOKE
  if (search.actor.trim()) query.actor = search.actor.trim()
  if (search.range) {
    query.from = dayjs(search.range[0]).format('YYYY-MM-DDTHH:mm:ssZ')
    query.to = dayjs(search.range[1]).format('YYYY-MM-DDTHH:mm:ssZ')
  }
  return query
}

/** What an entry's `after` says: the permissions, their kinds, and who got or lost them. */
export interface SensitiveChange {
  granted: boolean
  permissions: string[]
  kinds: string[]
  holder: string
}

export function sensitiveChange(entry: Pick<AuditLog, 'action' | 'entity_type' | 'entity_id' | 'after'>): SensitiveChange {
  const after = (entry.after ?? {}) as Record<string, unknown>
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : [])
  const holder =
    entry.entity_type === 'role'
      ? String(after.role_name ?? after.role ?? entry.entity_id ?? '')
      : String(after.username ?? entry.entity_id ?? '')
  // Entries name the permissions; older ones carry only the codes.
  const named = list(after.permission_names)
  return { granted: entry.action === SENSITIVE_GRANT, permissions: named.length ? named : list(after.permissions), kinds: list(after.kinds), holder }
}

export function useSensitiveChanges() {
  return usePagedList<AuditLog, SensitiveSearch>(
    (page, pageSize, filters) => listAuditLogs(toSensitiveQuery(filters, page, pageSize)),
    () => ({ change: '', actor: '', range: null })
  )
}
