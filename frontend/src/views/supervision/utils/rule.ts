import type { FormRules } from 'element-plus'
import type { SupervisionFormModel } from './types'

type Translate = (key: string) => string

export function supervisionRules(t: Translate, form: SupervisionFormModel): FormRules {
  return {
    case_id: form.target === 'case' ? [{ required: true, message: t('supervision.caseRequired'), trigger: 'change' }] : [],
    unit_id: form.target === 'unit' ? [{ required: true, message: t('supervision.unitRequired'), trigger: 'change' }] : [],
    level: [{ required: true, message: t('supervision.levelRequired'), trigger: 'change' }],
    content: [
      { required: true, message: t('supervision.contentRequired'), trigger: 'blur' },
      { min: 2, max: 5000, message: t('caseAction.minTwo'), trigger: 'blur' }
    ],
    reply_due: [{ required: true, message: t('supervision.replyDueRequired'), trigger: 'change' }]
  }
}

export function replyRules(t: Translate): FormRules {
  return {
    reply: [
      { required: true, message: t('supervision.replyRequired'), trigger: 'blur' },
      { min: 2, max: 5000, message: t('caseAction.minTwo'), trigger: 'blur' }
    ]
  }
}
