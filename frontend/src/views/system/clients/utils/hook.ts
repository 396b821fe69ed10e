import { ElMessage, ElMessageBox } from 'element-plus'
import { disableClient, enableClient, listClients, permissionTree, type Client, type PermissionNode } from '@/api/system'
import { t } from '@/locales'
import { showError } from '@/utils/message'
import { usePagedList } from '@/utils/paged'
import { FALLBACK_OPEN_PERMISSIONS } from './types'

/** Read-only `open:*:read` permissions of the catalogue, with their labels. */
export function openPermissions(tree: readonly PermissionNode[]): Array<{ code: string; label: string }> {
  const out: Array<{ code: string; label: string }> = []
  const walk = (nodes: readonly PermissionNode[]) => {
    for (const node of nodes) {
      const children = node.children ?? []
      if (children.length > 0) walk(children)
      else if (node.code.startsWith('open:') && node.code.endsWith(':read')) out.push({ code: node.code, label: node.label })
    }
  }
  walk(tree)
  return out
}

export async function loadOpenPermissions(): Promise<Array<{ code: string; label: string }>> {
  try {
    const found = openPermissions(await permissionTree())
    if (found.length > 0) return found
  } catch {
    // Without system:role:list the catalogue is closed; the known open permissions still apply.
  }
  return FALLBACK_OPEN_PERMISSIONS.map((code) => ({ code, label: code }))
}

export function useClientList() {
  const list = usePagedList<Client, Record<string, never>>((page, pageSize) => listClients(page, pageSize), () => ({}))

  async function toggleActive(client: Client): Promise<void> {
    try {
      await ElMessageBox.confirm(
        t(client.is_active ? 'client.disableConfirm' : 'client.enableConfirm', { name: client.name }),
        t(client.is_active ? 'user.disable' : 'user.enable'),
        { type: 'warning', confirmButtonText: t('common.confirm'), cancelButtonText: t('common.cancel') }
      )
    } catch {
      return
    }
    try {
      if (client.is_active) await disableClient(client.client_id)
      else await enableClient(client.client_id)
      ElMessage.success(t('common.operationDone'))
      await list.load()
    } catch (error) {
      showError(error)
    }
  }

  return { ...list, toggleActive }
}
