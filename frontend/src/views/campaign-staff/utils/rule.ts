import type { FormRules } from 'element-plus'
import type { StaffFormModel } from './types'

type Translate = (key: string) => string

export function staffRules(t: Translate, form: StaffFormModel): FormRules {
  return {
    name: [{ required: true, message: t('staff.nameRequired'), trigger: 'blur' }],
    unit_name: [
      { required: true, message: t('staff.unitRequired'), trigger: 'blur' },
      { min: 2, max: 128, message: t('staff.unitRequired'), trigger: 'blur' }
    ],
    group: [{ required: true, message: t('staff.groupRequired'), trigger: 'change' }],
    from_date: [{ required: true, message: t('staff.fromRequired'), trigger: 'change' }],
    to_date: [
      {
        validator: (_rule, value: string, callback) =>
          value && form.from_date && value < form.from_date ? callback(new Error(t('pairing.endBeforeStart'))) : callback(),
        trigger: 'change'
      }
    ],
    region_code: [{ required: true, message: t('enterprise.regionRequired'), trigger: 'change' }]
  }
}
