import type { FormItemRule, FormRules } from 'element-plus'
import { isStrongPassword } from '@/utils/password'

type Translate = (key: string) => string

export const USERNAME_PATTERN = /^[A-Za-z0-9_.]{3,32}$/

export function userRules(t: Translate, isCreate: boolean): FormRules {
  const password: FormItemRule['validator'] = (_rule, value: string, callback) => {
    if (!isCreate) callback()
    else if (!value) callback(new Error(t('user.passwordRequired')))
    else if (!isStrongPassword(value)) callback(new Error(t('password.weak')))
    else callback()
  }
  return {
    username: [
      { required: true, message: t('user.usernameRequired'), trigger: 'blur' },
      { pattern: USERNAME_PATTERN, message: t('user.usernameRule'), trigger: 'blur' }
    ],
    display_name: [{ required: true, message: t('user.displayNameRequired'), trigger: 'blur' }],
    password: [{ validator: password, trigger: 'blur' }],
    role_codes: [{ type: 'array', required: true, min: 1, message: t('user.rolesRequired'), trigger: 'change' }],
    region_code: [{ required: true, message: t('user.regionRequired'), trigger: 'change' }]
  }
}
