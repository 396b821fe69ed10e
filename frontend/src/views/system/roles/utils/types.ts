import type { DataScope } from '@/api/system'

export interface RoleFormModel {
  permissions: string[]
  data_scope: DataScope
}
