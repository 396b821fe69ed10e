/** Roles page: the role list and the permission tree. */
import { ref } from 'vue'
import { listRoles, permissionTree, type PermissionNode, type Role } from '@/api/system'
import { showError } from '@/utils/message'

/** Leaf permission codes of a tree (group nodes are only for display). */
export function leafCodes(nodes: readonly PermissionNode[]): string[] {
  return nodes.flatMap((node) => ((node.children ?? []).length > 0 ? leafCodes(node.children ?? []) : [node.code]))
}

/** Keeps only the codes that are leaves of the tree, so a group check never leaks into the role. */
export function grantedLeaves(tree: readonly PermissionNode[], granted: readonly string[]): string[] {
  const leaves = new Set(leafCodes(tree))
  return granted.filter((code) => leaves.has(code))
}

export function useRoles() {
  const roles = ref<Role[]>([])
  const tree = ref<PermissionNode[]>([])
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const [roleList, permissions] = await Promise.all([listRoles(), permissionTree()])
      roles.value = roleList
      tree.value = permissions
    } catch (error) {
      showError(error)
    } finally {
      loading.value = false
    }
  }

  return { roles, tree, loading, load }
}
