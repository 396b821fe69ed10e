import type { FormRules } from 'element-plus'

type Translate = (key: string) => string

/** Same pattern as the gateway: a letter or digit, then 1-31 letters, digits, `_` or `-`. */
export const UNIT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/

export function unitRules(t: Translate): FormRules {
  return {
    code: [
      { required: true, message: t('unit.codeRequired'), trigger: 'blur' },
      { pattern: UNIT_CODE_PATTERN, message: t('unit.codeRule'), trigger: 'blur' }
    ],
    name: [{ required: true, message: t('unit.nameRequired'), trigger: 'blur' }],
    kind: [{ required: true, message: t('unit.kindRequired'), trigger: 'change' }],
    region_code: [{ required: true, message: t('unit.regionRequired'), trigger: 'change' }]
  }
}
