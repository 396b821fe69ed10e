/**
 * Every lifecycle action as a form: which fields it asks for (named as the body's keys, so a server field
 * error lands on its item), how its button looks, and how the form becomes the action's body.
 */
import dayjs from 'dayjs'
import type { ActionBodies, CaseAction, CaseDetail, Complexity, Satisfaction } from '@/api/cases'

export type ActionField =
  | 'reason'
  | 'into_case_id'
  | 'answer'
  | 'basis'
  | 'lead_unit'
  | 'co_units'
  | 'complexity'
  | 'content'
  | 'completed_milestone_ids'
  | 'new_due'
  | 'days'
  | 'decision'
  | 'plan'
  | 'milestones'
  | 'result'
  | 'attachment_ids'
  | 'satisfaction'
  | 'comment'

/** The fields of each action's dialog, in order; `comment` (意见) is offered by all. */
export const ACTION_FIELDS: Readonly<Record<CaseAction, readonly ActionField[]>> = {
  accept: ['comment'],
  reject: ['reason', 'comment'],
  merge: ['into_case_id', 'comment'],
  answer_now: ['answer', 'basis', 'comment'],
  assign: ['lead_unit', 'co_units', 'complexity', 'comment'],
  sign: ['comment'],
  request_return: ['reason', 'comment'],
  approve_return: ['comment'],
  deny_return: ['reason', 'comment'],
  feedback: ['content', 'completed_milestone_ids', 'comment'],
  request_extension: ['new_due', 'reason', 'comment'],
  approve_extension: ['days', 'comment'],
  deny_extension: ['reason', 'comment'],
  escalate: ['reason', 'comment'],
  decide: ['decision', 'comment'],
  long_term: ['plan', 'milestones', 'comment'],
  submit_result: ['result', 'basis', 'attachment_ids', 'comment'],
  approve_result: ['comment'],
  send_back: ['reason', 'comment'],
  revisit: ['satisfaction', 'comment'],
  close: ['comment'],
  reopen: ['reason', 'comment'],
  pause: ['reason', 'comment'],
  resume: ['comment'],
  supply_material: ['content', 'attachment_ids', 'comment'],
  urge: ['comment']
}

/** Fields a dialog cannot be sent without. */
export const REQUIRED_FIELDS: ReadonlySet<ActionField> = new Set<ActionField>([
  'reason',
  'into_case_id',
  'answer',
  'lead_unit',
  'content',
  'new_due',
  'decision',
  'plan',
  'milestones',
  'result',
  'satisfaction'
])

/** The order buttons appear in: the forward step first, refusals and side paths after. */
export const ACTION_ORDER: readonly CaseAction[] = [
  'accept',
  'assign',
  'sign',
  'feedback',
  'supply_material',
  'resume',
  'submit_result',
  'approve_result',
  'revisit',
  'close',
  'answer_now',
  'approve_return',
  'approve_extension',
  'decide',
  'request_extension',
  'long_term',
  'pause',
  'urge',
  'escalate',
  'request_return',
  'deny_return',
  'deny_extension',
  'send_back',
  'reopen',
  'merge',
  'reject'
]

export type ButtonType = 'primary' | 'success' | 'warning' | 'danger' | 'default'

const BUTTON_TYPES: Partial<Record<CaseAction, ButtonType>> = {
  accept: 'primary',
  assign: 'primary',
  sign: 'primary',
  feedback: 'primary',
  submit_result: 'primary',
  approve_result: 'success',
  revisit: 'primary',
  close: 'success',
  answer_now: 'primary',
  approve_return: 'primary',
  approve_extension: 'primary',
  decide: 'primary',
  escalate: 'warning',
  send_back: 'warning',
  reopen: 'warning',
  reject: 'danger',
  resume: 'primary',
  supply_material: 'primary',
  pause: 'warning'
}

export function actionButtonType(action: CaseAction): ButtonType {
  return BUTTON_TYPES[action] ?? 'default'
}

/** The allowed actions in display order (unknown ones from a newer backend are left out). */
export function orderedActions(allowed: readonly string[]): CaseAction[] {
  const set = new Set(allowed)
  return ACTION_ORDER.filter((a) => set.has(a))
}

/** Every field any dialog has; one model serves all actions. */
export interface ActionForm {
  comment: string
  reason: string
  into_case_id: number | null
  answer: string
  basis: string
  lead_unit: number | null
  co_units: number[]
  complexity: Complexity | ''
  content: string
  completed_milestone_ids: number[]
  /** Request extension: the day the case should be resolved by (`YYYY-MM-DD`). */
  new_due: string
  /** Approve extension: days granted (null = as requested). */
  days: number | null
  decision: string
  plan: string
  milestones: Array<{ due_date: string; content: string }>
  result: string
  attachment_ids: number[]
  satisfaction: Satisfaction | ''
}

export function emptyActionForm(item?: Pick<CaseDetail, 'complexity'> | null): ActionForm {
  return {
    comment: '',
    reason: '',
    into_case_id: null,
    answer: '',
    basis: '',
    lead_unit: null,
    co_units: [],
    complexity: item?.complexity ?? '',
    content: '',
    completed_milestone_ids: [],
    new_due: '',
    days: null,
    decision: '',
    plan: '',
    milestones: [{ due_date: '', content: '' }],
    result: '',
    attachment_ids: [],
    satisfaction: ''
  }
}

/**
 * Natural days from the current resolution deadline to the end of the requested day (at least 1); the
 * backend adds them under its own calendar.
 */
export function extensionDays(resolveDue: string | null | undefined, newDue: string): number | null {
  if (!resolveDue || !newDue) return null
  const from = dayjs(resolveDue).startOf('day')
  const to = dayjs(newDue).startOf('day')
  if (!to.isValid() || !from.isValid()) return null
  const days = to.diff(from, 'day')
  return days >= 1 ? days : null
}

const text = (value: string) => value.trim()
const optional = (value: string) => (value.trim() === '' ? null : value.trim())

/** A unit id and, when the picker knew it, its name (the case keeps the name as of the assignment). */
export type UnitNames = ReadonlyMap<number, string>

/** The body of an action from the dialog's model. */
export function actionBody<A extends CaseAction>(
  action: A,
  form: ActionForm,
  context: { unitNames?: UnitNames; resolveDue?: string | null } = {}
): ActionBodies[A] {
  const comment = optional(form.comment)
  const names = context.unitNames ?? new Map<number, string>()
  const unit = (id: number) => ({ unit_id: id, unit_name: names.get(id) ?? null })
  let body: ActionBodies[CaseAction]
  switch (action as CaseAction) {
    case 'reject':
    case 'request_return':
    case 'deny_return':
    case 'deny_extension':
    case 'escalate':
    case 'send_back':
    case 'reopen':
    case 'pause':
      body = { comment, reason: text(form.reason) }
      break
    case 'merge':
      body = { comment, into_case_id: form.into_case_id ?? 0 }
      break
    case 'answer_now':
      body = { comment, answer: text(form.answer), basis: optional(form.basis) }
      break
    case 'assign':
      body = {
        comment,
        lead_unit: unit(form.lead_unit ?? 0),
        co_units: form.co_units.filter((id) => id !== form.lead_unit).map(unit),
        complexity: form.complexity === '' ? null : form.complexity
      }
      break
    case 'feedback':
      body = { comment, content: text(form.content), completed_milestone_ids: [...form.completed_milestone_ids] }
      break
    case 'request_extension':
      body = { comment, days: extensionDays(context.resolveDue, form.new_due) ?? 0, reason: text(form.reason) }
      break
    case 'approve_extension':
      body = { comment, days: form.days }
      break
    case 'decide':
      body = { comment, decision: text(form.decision) }
      break
    case 'long_term':
      body = {
        comment,
        plan: text(form.plan),
        milestones: form.milestones
          .filter((m) => m.due_date || m.content.trim())
          .map((m) => ({ due_date: m.due_date, content: m.content.trim() }))
      }
      break
    case 'submit_result':
      body = { comment, result: text(form.result), basis: optional(form.basis), attachment_ids: [...form.attachment_ids] }
      break
    case 'supply_material':
      body = { comment, content: text(form.content), attachment_ids: [...form.attachment_ids] }
      break
    case 'revisit':
      body = { comment, satisfaction: form.satisfaction as Satisfaction }
      break
    default:
      body = { comment }
  }
  return body as ActionBodies[A]
}

/** Form item names the dialog shows for a server field error (`lead_unit.unit_id` lands on `lead_unit`). */
export function actionFormFields(action: CaseAction): string[] {
  const fields: string[] = [...ACTION_FIELDS[action]]
  // The extension dialog asks for a date; the body sends days.
  if (action === 'request_extension') fields.push('days')
  return fields
}

/** Maps a server field of the extension request onto the date the user picked. */
export function formFieldOf(action: CaseAction, field: string): string {
  if (action === 'request_extension' && field === 'days') return 'new_due'
  return field
}
