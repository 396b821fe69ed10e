export interface UnitSearch {
  keyword: string
}

export interface UnitFormModel {
  code: string
  name: string
  kind: string
  region_code: string | null
}

/** Usual kinds of unit, offered as suggestions (the field stays free text). */
export const UNIT_KINDS = ['省直部门', '市直部门', '县区商务局', '县区政府部门', '功能区管委会', '乡镇街道']
