export interface UnitSearch {
  q: string
}

export interface UnitFormModel {
  name: string
  region_code: string | null
}
