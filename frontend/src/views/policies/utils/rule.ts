import type { FormRules } from 'element-plus'
import { DOC_NUMBER, normalizeDocNumber } from './hook'

type Translate = (key: string) => string

export function policyRules(t: Translate): FormRules {
  return {
    doc_number: [
      { required: true, message: t('policy.docNumberRequired'), trigger: 'blur' },
      {
        validator: (_rule, value: string, callback) =>
          !value || DOC_NUMBER.test(normalizeDocNumber(value)) ? callback() : callback(new Error(t('policy.docNumberFormat'))),
        trigger: 'blur'
      }
    ],
    title: [{ required: true, message: t('policy.titleRequired'), trigger: 'blur' }],
    issuer: [{ required: true, message: t('policy.issuerRequired'), trigger: 'blur' }],
    issue_date: [{ required: true, message: t('policy.issueDateRequired'), trigger: 'change' }],
    kind: [{ required: true, message: t('policy.kindRequired'), trigger: 'change' }],
    region_code: [{ required: true, message: t('enterprise.regionRequired'), trigger: 'change' }]
  }
}
