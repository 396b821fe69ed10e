import type { StaffGroup } from '@/api/campaign'

export interface StaffSearch {
  q: string
  group: StaffGroup | ''
  region_code: string | null
  active: boolean
}

export interface StaffFormModel {
  name: string
  position: string
  unit_id: number | null
  unit_name: string
  group: StaffGroup | ''
  group_name: string
  from_date: string
  to_date: string
  region_code: string | null
  note: string
}

export const STAFF_FORM_FIELDS = ['name', 'position', 'unit_id', 'unit_name', 'group', 'group_name', 'from_date', 'to_date', 'region_code', 'note'] as const
