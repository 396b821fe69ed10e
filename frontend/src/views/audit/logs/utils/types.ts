export interface AuditSearch {
  actor: string
  action: string
  entity_id: string
  /** [from, to] from the range picker, or null. */
  range: [Date, Date] | null
}
