import type { SupervisionLevel, SupervisionState } from '@/api/supervision'

export interface SupervisionSearch {
  state: SupervisionState | ''
  level: SupervisionLevel | ''
  overdue: '' | 'true' | 'false'
  unit_id: number | null
}

/** Issue form: on a case (its lead unit) or on a unit. */
export interface SupervisionFormModel {
  target: 'case' | 'unit'
  case_id: number | null
  unit_id: number | null
  level: SupervisionLevel
  content: string
  /** `YYYY-MM-DD HH:mm:ss` in the browser's zone. */
  reply_due: string
}

export const SUPERVISION_FORM_FIELDS = ['case_id', 'unit_id', 'level', 'content', 'reply_due'] as const
