import type { FormRules } from 'element-plus'

type Translate = (key: string) => string

export function unitRules(t: Translate): FormRules {
  return {
    name: [{ required: true, message: t('unit.nameRequired'), trigger: 'blur' }],
    region_code: [{ required: true, message: t('unit.regionRequired'), trigger: 'change' }]
  }
}
