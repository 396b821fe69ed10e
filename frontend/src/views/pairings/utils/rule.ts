import type { FormRules } from 'element-plus'
import type { PairingFormModel } from './types'

type Translate = (key: string) => string

export function pairingRules(t: Translate, form: PairingFormModel): FormRules {
  return {
    person_name: [{ required: true, message: t('pairing.personRequired'), trigger: 'blur' }],
    enterprise_uscc: [{ required: true, message: t('case.enterpriseRequired'), trigger: 'change' }],
    kind: [{ required: true, message: t('pairing.kindRequired'), trigger: 'change' }],
    start_date: [{ required: true, message: t('pairing.startRequired'), trigger: 'change' }],
    end_date: [
      {
        validator: (_rule, value: string, callback) => {
          if (value && form.start_date && value < form.start_date) callback(new Error(t('pairing.endBeforeStart')))
          else callback()
        },
        trigger: 'change'
      }
    ]
  }
}
