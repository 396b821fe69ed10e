/** Validation of the case forms (the server validates again; its field errors win). */
import type { FormItemRule, FormRules } from 'element-plus'
import { isPhone } from '@/views/enterprises/utils/rule'
import type { CaseFormModel } from './types'
import { REQUIRED_FIELDS, type ActionField } from './actions'

type Translate = (key: string) => string

export function caseRules(t: Translate, form: CaseFormModel, selfService: boolean): FormRules {
  const phone: FormItemRule['validator'] = (_rule, value: string, callback) => {
    if (!value || isPhone(value.trim())) callback()
    else callback(new Error(t('enterprise.phoneInvalid')))
  }
  const docNo: FormItemRule['validator'] = (_rule, value: string, callback) => {
    if (form.source === 'superior' && !value?.trim()) callback(new Error(t('case.superiorDocNoRequired')))
    else callback()
  }
  return {
    category_code: [{ required: true, message: t('case.categoryRequired'), trigger: 'change' }],
    enterprise_uscc: selfService ? [] : [{ required: true, message: t('case.enterpriseRequired'), trigger: 'change' }],
    superior_doc_no: [{ validator: docNo, trigger: 'blur' }],
    title: [
      { required: true, message: t('case.titleRequired'), trigger: 'blur' },
      { min: 2, max: 200, message: t('case.titleLength'), trigger: 'blur' }
    ],
    description: [
      { required: true, message: t('case.descriptionRequired'), trigger: 'blur' },
      { min: 2, max: 5000, message: t('case.descriptionLength'), trigger: 'blur' }
    ],
    contact_phone: [{ validator: phone, trigger: 'blur' }]
  }
}

/** Rules of an action dialog: its required fields; long texts limited as the API limits them. */
export function actionRules(t: Translate, fields: readonly ActionField[]): FormRules {
  const rules: FormRules = {}
  for (const field of fields) {
    if (!REQUIRED_FIELDS.has(field)) continue
    const trigger = ['lead_unit', 'into_case_id', 'new_due', 'satisfaction', 'milestones'].includes(field) ? 'change' : 'blur'
    rules[field] = [{ required: true, message: t(`caseAction.required.${field}`), trigger }]
    if (['reason', 'answer', 'content', 'decision', 'plan', 'result'].includes(field)) {
      rules[field].push({ min: 2, message: t('caseAction.minTwo'), trigger: 'blur' })
    }
  }
  if (fields.includes('milestones')) {
    rules.milestones = [
      {
        validator: (_rule, value: Array<{ due_date: string; content: string }>, callback) => {
          const filled = (value ?? []).filter((m) => m.due_date || m.content.trim())
          if (filled.length === 0) callback(new Error(t('caseAction.required.milestones')))
          else if (filled.some((m) => !m.due_date || m.content.trim().length < 2)) callback(new Error(t('caseAction.milestoneIncomplete')))
          else callback()
        },
        trigger: 'change'
      }
    ]
  }
  return rules
}
