import type { DataScope } from '@/api/system'

export interface ClientFormModel {
  client_id: string
  name: string
  permissions: string[]
  data_scope: DataScope
  region_code: string | null
}

/** Offered when the permission catalogue cannot be read: the read-only open permissions known today. */
export const FALLBACK_OPEN_PERMISSIONS = ['open:enterprise:read']
