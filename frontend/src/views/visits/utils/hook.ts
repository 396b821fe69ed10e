/** Visits (走访): list query and form bodies, including the found problems. */
import dayjs from 'dayjs'
import { listVisits, type Visit, type VisitCaseCreate, type VisitCreate, type VisitProblem, type VisitQuery, type VisitUpdate } from '@/api/campaign'
import { usePagedList } from '@/utils/paged'
import type { VisitCaseFormModel, VisitFormModel, VisitSearch } from './types'

const blankToNull = (value: string) => (value.trim() === '' ? null : value.trim())

export function toVisitQuery(filters: VisitSearch, page: number, pageSize: number): VisitQuery {
  const query: VisitQuery = { page, page_size: pageSize, sort: '-visit_date' }
  if (filters.q.trim()) query.q = filters.q.trim()
  if (filters.region_code) query.region_code = filters.region_code
  if (filters.campaign.trim()) query.campaign = filters.campaign.trim()
  if (filters.dates) {
    query.date_from = filters.dates[0]
    query.date_to = filters.dates[1]
  }
  return query
}

export function emptyVisitForm(): VisitFormModel {
  return {
    visit_date: dayjs().format('YYYY-MM-DD'),
    enterprise_uscc: null,
    visitors: [],
    unit_name: '',
    campaign: '',
    notes: '',
    problems: []
  }
}

export function visitFormFromRecord(v: Visit): VisitFormModel {
  return {
    visit_date: v.visit_date,
    enterprise_uscc: v.enterprise_uscc,
    visitors: [...v.visitors],
    unit_name: v.unit_name ?? '',
    campaign: v.campaign ?? '',
    notes: v.notes ?? '',
    problems: v.problems.map((p) => ({ id: p.id, description: p.description, case_id: p.case_id }))
  }
}

const filledProblems = (form: VisitFormModel) => form.problems.filter((p) => p.description.trim() !== '')

export function visitCreateBody(form: VisitFormModel): VisitCreate {
  return {
    visit_date: form.visit_date,
    enterprise_uscc: form.enterprise_uscc ?? '',
    visitors: form.visitors.map((v) => v.trim()).filter(Boolean),
    unit_name: blankToNull(form.unit_name),
    campaign: blankToNull(form.campaign),
    notes: blankToNull(form.notes),
    problems: filledProblems(form).map((p) => p.description.trim())
  }
}

/** What changed; the problem list is sent whole when any problem changed. */
export function visitUpdateBody(original: VisitFormModel, form: VisitFormModel): VisitUpdate {
  const body: VisitUpdate = {}
  if (form.visit_date !== original.visit_date) body.visit_date = form.visit_date
  const visitors = form.visitors.map((v) => v.trim()).filter(Boolean)
  if (visitors.join('|') !== original.visitors.join('|')) body.visitors = visitors
  if (form.unit_name.trim() !== original.unit_name) body.unit_name = blankToNull(form.unit_name)
  if (form.campaign.trim() !== original.campaign) body.campaign = blankToNull(form.campaign)
  if (form.notes.trim() !== original.notes) body.notes = blankToNull(form.notes)
  const key = (list: VisitFormModel['problems']) => JSON.stringify(list.map((p) => [p.id, p.description.trim()]))
  if (key(filledProblems(form)) !== key(original.problems)) {
    body.problems = filledProblems(form).map((p) => (p.id ? { id: p.id, description: p.description.trim() } : { description: p.description.trim() }))
  }
  return body
}

export function emptyVisitCaseForm(problem: VisitProblem | null, visit: Visit | null): VisitCaseFormModel {
  const description = problem?.description ?? ''
  return {
    category_code: '',
    title: description.length > 60 ? `${description.slice(0, 58)}…` : description,
    description: visit?.notes ? `${description}\n\n${visit.notes}` : description,
    urgency: 'normal',
    complexity: 'ordinary',
    contact_person: '',
    contact_phone: ''
  }
}

/**
 * The body of 转为诉求. A phone the user may not read in full (masked in the directory) is left out when the
 * field stays empty, so the server takes the directory's own.
 */
export function visitCaseBody(problemId: number, form: VisitCaseFormModel, phoneFromDirectory = false): VisitCaseCreate {
  return {
    problem_id: problemId,
    category_code: form.category_code,
    title: blankToNull(form.title),
    description: blankToNull(form.description),
    urgency: form.urgency,
    complexity: form.complexity,
    contact_person: blankToNull(form.contact_person),
    ...(phoneFromDirectory && !form.contact_phone.trim() ? {} : { contact_phone: blankToNull(form.contact_phone) })
  }
}

export function useVisitList() {
  return usePagedList<Visit, VisitSearch>(
    (page, pageSize, filters) => listVisits(toVisitQuery(filters, page, pageSize)),
    () => ({ q: '', region_code: null, campaign: '', dates: null })
  )
}
