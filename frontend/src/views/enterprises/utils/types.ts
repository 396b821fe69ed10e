import type { EnterpriseSize, EnterpriseType } from '@/api/enterprises'

/** The search bar of the enterprise list. */
export interface EnterpriseSearch {
  q: string
  region_code: string | null
  industry: string
  /** '' = all. */
  is_key: '' | 'true' | 'false'
}

/** The create/edit form. */
export interface EnterpriseFormModel {
  uscc: string
  name: string
  region_code: string | null
  industry: string
  size: EnterpriseSize | ''
  enterprise_type: EnterpriseType | ''
  is_key: boolean
  contact_person: string
  contact_phone: string
  address: string
}

export const FORM_FIELDS: ReadonlyArray<keyof EnterpriseFormModel> = [
  'uscc',
  'name',
  'region_code',
  'industry',
  'size',
  'enterprise_type',
  'is_key',
  'contact_person',
  'contact_phone',
  'address'
]

/** Sections of GB/T 4754-2017 offered as suggestions; the field stays free text. */
export const INDUSTRY_SUGGESTIONS = [
  '农、林、牧、渔业',
  '采矿业',
  '制造业',
  '电力、热力、燃气及水生产和供应业',
  '建筑业',
  '批发和零售业',
  '交通运输、仓储和邮政业',
  '住宿和餐饮业',
  '信息传输、软件和信息技术服务业',
  '金融业',
  '房地产业',
  '租赁和商务服务业',
  '科学研究和技术服务业',
  '水利、环境和公共设施管理业',
  '居民服务、修理和其他服务业',
  '教育',
  '卫生和社会工作',
  '文化、体育和娱乐业'
]
