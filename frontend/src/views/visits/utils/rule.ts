import type { FormRules } from 'element-plus'
import { isPhone } from '@/views/enterprises/utils/rule'

type Translate = (key: string) => string

export function visitRules(t: Translate): FormRules {
  return {
    visit_date: [{ required: true, message: t('visit.dateRequired'), trigger: 'change' }],
    enterprise_uscc: [{ required: true, message: t('case.enterpriseRequired'), trigger: 'change' }],
    visitors: [{ type: 'array', required: true, min: 1, message: t('visit.visitorsRequired'), trigger: 'change' }]
  }
}

export function visitCaseRules(t: Translate): FormRules {
  return {
    category_code: [{ required: true, message: t('case.categoryRequired'), trigger: 'change' }],
    title: [{ min: 2, max: 200, message: t('case.titleLength'), trigger: 'blur' }],
    contact_phone: [
      {
        validator: (_rule, value: string, callback) => (!value || isPhone(value.trim()) ? callback() : callback(new Error(t('enterprise.phoneInvalid')))),
        trigger: 'blur'
      }
    ]
  }
}
