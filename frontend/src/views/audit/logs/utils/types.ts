import type { AuditLogQuery } from '@/api/audit'

export type AuditService = NonNullable<AuditLogQuery['service']>

/** The sources of the merged log, in the order the filter offers them. */
export const AUDIT_SERVICES: readonly AuditService[] = ['gateway', 'case', 'investment', 'trade']

/** The action filter's choices: an action code's prefix (the API filters by prefix), named in `audit.actionGroups`. */
export const AUDIT_ACTION_GROUPS = [
  'auth',
  'user',
  'role',
  'unit',
  'client',
  'session',
  'job',
  'enterprise',
  'case',
  'supervision',
  'visit',
  'pairing',
  'policy',
  'project',
  'fund',
  'foreign_enterprise',
  'labour_worker',
  'bulletin'
] as const

export interface AuditSearch {
  service: AuditService | ''
  actor: string
  action: string
  entity_id: string
  /** [from, to] from the range picker, or null. */
  range: [Date, Date] | null
}
