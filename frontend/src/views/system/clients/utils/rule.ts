import type { FormRules } from 'element-plus'

type Translate = (key: string) => string

export function clientRules(t: Translate): FormRules {
  return {
    name: [{ required: true, message: t('client.nameRequired'), trigger: 'blur' }],
    scopes: [{ type: 'array', required: true, min: 1, message: t('client.scopesRequired'), trigger: 'change' }],
    region_code: [{ required: true, message: t('client.regionRequired'), trigger: 'change' }]
  }
}
