export interface UserSearch {
  keyword: string
  /** '' = all. */
  is_active: '' | 'true' | 'false'
}

export interface UserFormModel {
  username: string
  display_name: string
  password: string
  region_code: string | null
  unit_id: number | null
  phone: string
  /** Only for enterprise users: the enterprise they act for. */
  enterprise_uscc: string
}

export const USER_FORM_FIELDS: ReadonlyArray<keyof UserFormModel> = [
  'username',
  'display_name',
  'password',
  'region_code',
  'unit_id',
  'phone',
  'enterprise_uscc'
]
