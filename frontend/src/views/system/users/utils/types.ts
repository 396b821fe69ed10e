export interface UserSearch {
  q: string
}

export interface UserFormModel {
  username: string
  display_name: string
  password: string
  role_codes: string[]
  region_code: string | null
  unit_id: number | null
}

export const USER_FORM_FIELDS: ReadonlyArray<keyof UserFormModel> = [
  'username',
  'display_name',
  'password',
  'role_codes',
  'region_code',
  'unit_id'
]
