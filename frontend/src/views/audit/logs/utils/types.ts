import type { AuditLogQuery } from '@/api/audit'

export type AuditService = NonNullable<AuditLogQuery['service']>

/** The sources of the merged log, in the order the filter offers them. */
export const AUDIT_SERVICES: readonly AuditService[] = ['gateway', 'case', 'investment', 'trade']

export interface AuditSearch {
  service: AuditService | ''
  actor: string
  action: string
  entity_id: string
  /** [from, to] from the range picker, or null. */
  range: [Date, Date] | null
}
