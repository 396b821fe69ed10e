/** Policy documents: list query and form bodies. */
import { listPolicies, type Policy, type PolicyCreate, type PolicyQuery, type PolicyUpdate } from '@/api/campaign'
import { usePagedList } from '@/utils/paged'
import type { PolicyFormModel, PolicySearch } from './types'

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim())

/** 〔〕 is the bracket of official document numbers; typed text often carries [] or （）. */
export function normalizeDocNumber(raw: string): string {
  return raw
    .replace(/\s+/g, '')
    .replace(/[[［【(（]/g, '〔')
    .replace(/[\]］】)）]/g, '〕')
}

export const DOC_NUMBER = /^\S+〔\d{4}〕\d+号$/

export function toPolicyQuery(filters: PolicySearch, page: number, pageSize: number): PolicyQuery {
  const query: PolicyQuery = { page, page_size: pageSize, sort: '-issue_date' }
  if (filters.q.trim()) query.q = filters.q.trim()
  if (filters.kind) query.kind = filters.kind
  if (filters.year) query.year = filters.year
  return query
}

export function emptyPolicyForm(regionCode: string | null): PolicyFormModel {
  return {
    doc_number: '',
    title: '',
    issuer: '',
    issue_date: '',
    kind: '',
    measure_areas: [],
    summary: '',
    attachment_url: '',
    region_code: regionCode
  }
}

export function policyFormFromRecord(p: Policy): PolicyFormModel {
  return {
    doc_number: p.doc_number,
    title: p.title,
    issuer: p.issuer,
    issue_date: p.issue_date,
    kind: p.kind,
    measure_areas: [...p.measure_areas],
    summary: p.summary ?? '',
    attachment_url: p.attachment_url ?? '',
    region_code: p.region_code
  }
}

export function policyCreateBody(form: PolicyFormModel): PolicyCreate {
  return {
    doc_number: normalizeDocNumber(form.doc_number),
    title: form.title.trim(),
    issuer: form.issuer.trim(),
    issue_date: form.issue_date,
    kind: form.kind as PolicyCreate['kind'],
    measure_areas: form.measure_areas.map((a) => a.trim()).filter(Boolean),
    summary: blankToNull(form.summary),
    attachment_url: blankToNull(form.attachment_url),
    region_code: form.region_code ?? ''
  }
}

export function policyUpdateBody(original: PolicyFormModel, form: PolicyFormModel): PolicyUpdate {
  const body: PolicyUpdate = {}
  const doc = normalizeDocNumber(form.doc_number)
  if (doc !== original.doc_number) body.doc_number = doc
  if (form.title.trim() !== original.title) body.title = form.title.trim()
  if (form.issuer.trim() !== original.issuer) body.issuer = form.issuer.trim()
  if (form.issue_date !== original.issue_date) body.issue_date = form.issue_date
  if (form.kind && form.kind !== original.kind) body.kind = form.kind
  const areas = form.measure_areas.map((a) => a.trim()).filter(Boolean)
  if (areas.join('|') !== original.measure_areas.join('|')) body.measure_areas = areas
  if (form.summary.trim() !== original.summary) body.summary = blankToNull(form.summary)
  if (form.attachment_url.trim() !== original.attachment_url) body.attachment_url = blankToNull(form.attachment_url)
  if (form.region_code && form.region_code !== original.region_code) body.region_code = form.region_code
  return body
}

export function usePolicyList() {
  return usePagedList<Policy, PolicySearch>(
    (page, pageSize, filters) => listPolicies(toPolicyQuery(filters, page, pageSize)),
    () => ({ q: '', kind: '', year: null })
  )
}
