import type { PolicyKind } from '@/api/campaign'

export interface PolicySearch {
  q: string
  kind: PolicyKind | ''
  year: number | null
}

export interface PolicyFormModel {
  doc_number: string
  title: string
  issuer: string
  issue_date: string
  kind: PolicyKind | ''
  measure_areas: string[]
  summary: string
  attachment_url: string
  region_code: string | null
}

export const POLICY_FORM_FIELDS = ['doc_number', 'title', 'issuer', 'issue_date', 'kind', 'measure_areas', 'summary', 'attachment_url', 'region_code'] as const
