import type { FormRules } from 'element-plus'

type Translate = (key: string) => string

/** Same pattern as the gateway: a lower-case letter, then 2-63 lower-case letters, digits, `_` or `-`. */
export const CLIENT_ID_PATTERN = /^[a-z][a-z0-9_-]{2,63}$/

export function clientRules(t: Translate): FormRules {
  return {
    client_id: [
      { required: true, message: t('client.clientIdRequired'), trigger: 'blur' },
      { pattern: CLIENT_ID_PATTERN, message: t('client.clientIdRule'), trigger: 'blur' }
    ],
    name: [{ required: true, message: t('client.nameRequired'), trigger: 'blur' }],
    permissions: [{ type: 'array', required: true, min: 1, message: t('client.scopesRequired'), trigger: 'change' }],
    data_scope: [{ required: true, message: t('client.dataScopeRequired'), trigger: 'change' }],
    region_code: [{ required: true, message: t('client.regionRequired'), trigger: 'change' }]
  }
}
