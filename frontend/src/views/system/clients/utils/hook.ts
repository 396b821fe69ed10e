import { listClients, type Client } from '@/api/system'
import { usePagedList } from '@/utils/paged'

export function useClientList() {
  return usePagedList<Client, Record<string, never>>((page, pageSize) => listClients(page, pageSize), () => ({}))
}
