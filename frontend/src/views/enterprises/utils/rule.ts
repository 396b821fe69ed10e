/** Validation of the enterprise form (the server validates again; its field errors win). */
import type { FormItemRule, FormRules } from 'element-plus'
import { usccProblem } from '@/utils/uscc'

type Translate = (key: string) => string

const USCC_MESSAGES = {
  required: 'enterprise.usccRequired',
  length: 'enterprise.usccLength',
  charset: 'enterprise.usccCharset',
  check: 'enterprise.usccCheck'
} as const

/** The message key for a code, or null when it is valid. */
export function usccMessageKey(value: string | null | undefined): string | null {
  const problem = usccProblem(value)
  return problem ? USCC_MESSAGES[problem] : null
}

const MOBILE = /^1[3-9]\d{9}$/
const LANDLINE = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/

export function isPhone(value: string): boolean {
  return MOBILE.test(value) || LANDLINE.test(value)
}

export function enterpriseRules(t: Translate, options: { checkPhone: () => boolean }): FormRules {
  const uscc: FormItemRule['validator'] = (_rule, value: string, callback) => {
    const key = usccMessageKey(value)
    if (key) callback(new Error(t(key)))
    else callback()
  }
  const phone: FormItemRule['validator'] = (_rule, value: string, callback) => {
    if (!value || !options.checkPhone() || isPhone(value.trim())) callback()
    else callback(new Error(t('enterprise.phoneInvalid')))
  }
  return {
    uscc: [{ required: true, validator: uscc, trigger: 'blur' }],
    name: [
      { required: true, message: t('enterprise.nameRequired'), trigger: 'blur' },
      { min: 2, max: 200, message: t('enterprise.nameLength'), trigger: 'blur' }
    ],
    region_code: [{ required: true, message: t('enterprise.regionRequired'), trigger: 'change' }],
    industry: [{ max: 64, message: t('enterprise.industryTooLong'), trigger: 'blur' }],
    contact_phone: [{ validator: phone, trigger: 'blur' }]
  }
}
