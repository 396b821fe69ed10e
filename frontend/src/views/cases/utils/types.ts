import type { CaseSource, CaseState, Complexity, Urgency, WarningLevel } from '@/api/cases'

/** Which cases the list shows: all in scope, the user's unit's, or those the user registered. */
export type CaseView = 'all' | 'unit' | 'created'

/** The search bar of the case list. */
export interface CaseSearch {
  q: string
  state: CaseState[]
  warning_level: WarningLevel | ''
  source: CaseSource | ''
  category: string
  region_code: string | null
  unit_id: number | null
  enterprise_uscc: string
  /** Assigned in this period (`2021-07`, `2021-Q3`, …); '' = any time. */
  assigned_period: string
}

/** The register/submit form. */
export interface CaseFormModel {
  source: CaseSource
  superior_doc_no: string
  category_code: string
  enterprise_uscc: string | null
  title: string
  description: string
  urgency: Urgency
  complexity: Complexity
  contact_person: string
  contact_phone: string
}

export const CASE_FORM_FIELDS: ReadonlyArray<keyof CaseFormModel> = [
  'source',
  'superior_doc_no',
  'category_code',
  'enterprise_uscc',
  'title',
  'description',
  'urgency',
  'complexity',
  'contact_person',
  'contact_phone'
]

/** Sources an officer registers from the list (走访发现 comes from a visit record). */
export const REGISTER_SOURCES: readonly CaseSource[] = ['enterprise', 'superior', 'hotline', 'leader']
