import type { FormRules } from 'element-plus'

type Translate = (key: string) => string

export function roleRules(t: Translate): FormRules {
  return {
    data_scope: [{ required: true, message: t('role.dataScope'), trigger: 'change' }]
  }
}
