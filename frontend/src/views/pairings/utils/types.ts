import type { PairingKind } from '@/api/campaign'

export interface PairingSearch {
  q: string
  kind: PairingKind | ''
  region_code: string | null
  /** Only pairings in effect today. */
  active: boolean
}

export interface PairingFormModel {
  /** The 包联人's account; null for someone without one (the name is then typed). */
  user_id: number | null
  person_name: string
  person_title: string
  unit_id: number | null
  unit_name: string
  enterprise_uscc: string | null
  kind: PairingKind | ''
  start_date: string
  end_date: string
  note: string
}

export const PAIRING_FORM_FIELDS = ['user_id', 'person_name', 'person_title', 'unit_id', 'unit_name', 'enterprise_uscc', 'kind', 'start_date', 'end_date', 'note'] as const
