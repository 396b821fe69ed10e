export interface VisitSearch {
  q: string
  region_code: string | null
  campaign: string
  /** `[from, to]` as `YYYY-MM-DD`, or null. */
  dates: [string, string] | null
}

export interface VisitFormModel {
  visit_date: string
  enterprise_uscc: string | null
  visitors: string[]
  unit_name: string
  campaign: string
  notes: string
  /** Existing problems keep their id (a problem already turned into a case must stay). */
  problems: Array<{ id: number | null; description: string; case_id: number | null }>
}

export const VISIT_FORM_FIELDS = ['visit_date', 'enterprise_uscc', 'visitors', 'unit_name', 'campaign', 'notes', 'problems'] as const

/** Turning a found problem into a case. */
export interface VisitCaseFormModel {
  category_code: string
  title: string
  description: string
  urgency: 'normal' | 'urgent' | 'critical'
  complexity: 'ordinary' | 'major'
  contact_person: string
  contact_phone: string
}

export const VISIT_CASE_FIELDS = ['category_code', 'title', 'description', 'urgency', 'complexity', 'contact_person', 'contact_phone'] as const

export const CAMPAIGN_SUGGESTIONS = ['千家外企大走访', '万人助万企', '重点企业走访']
