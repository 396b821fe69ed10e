export interface AuditSearch {
  service: string
  actor: string
  action: string
  /** [from, to] as Date objects from the range picker, or null. */
  range: [Date, Date] | null
}

export const AUDIT_SERVICES = ['gateway', 'case-service', 'investment-service', 'trade-service'] as const
