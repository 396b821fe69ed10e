import type { FormItemRule, FormRules } from 'element-plus'
import { isStrongPassword } from '@/utils/password'
import { usccMessageKey } from '@/views/enterprises/utils/rule'

type Translate = (key: string) => string

/** Same pattern as the gateway: a lower-case letter, then 2-63 lower-case letters, digits, `_`, `.` or `-`. */
export const USERNAME_PATTERN = /^[a-z][a-z0-9_.-]{2,63}$/

export function userRules(t: Translate, isCreate: boolean): FormRules {
  const password: FormItemRule['validator'] = (_rule, value: string, callback) => {
    if (!isCreate) callback()
    else if (!value) callback(new Error(t('user.passwordRequired')))
    else if (!isStrongPassword(value)) callback(new Error(t('password.weak')))
    else callback()
  }
  const uscc: FormItemRule['validator'] = (_rule, value: string, callback) => {
    const key = value && value.trim() ? usccMessageKey(value) : null
    if (key) callback(new Error(t(key)))
    else callback()
  }
  return {
    username: [
      { required: true, message: t('user.usernameRequired'), trigger: 'blur' },
      { pattern: USERNAME_PATTERN, message: t('user.usernameRule'), trigger: 'blur' }
    ],
    display_name: [{ required: true, message: t('user.displayNameRequired'), trigger: 'blur' }],
    password: [{ validator: password, trigger: 'blur' }],
    region_code: [{ required: true, message: t('user.regionRequired'), trigger: 'change' }],
    phone: [{ pattern: /^[0-9+\-() ]{5,32}$/, message: t('enterprise.phoneInvalid'), trigger: 'blur' }],
    enterprise_uscc: [{ validator: uscc, trigger: 'blur' }]
  }
}
