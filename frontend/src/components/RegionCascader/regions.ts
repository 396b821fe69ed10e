/** The region tree of the user's scope, fetched once per user and root. */
import { regionTree, type RegionNode } from '@/api/system'
import { useUserStore } from '@/store/modules/user'

const cache = new Map<string, Promise<RegionNode[]>>()

export function loadRegionTree(root?: string): Promise<RegionNode[]> {
  const key = `${useUserStore().user?.username ?? ''}|${root ?? ''}`
  let pending = cache.get(key)
  if (!pending) {
    pending = regionTree(root).catch((error: unknown) => {
      cache.delete(key)
      throw error
    })
    cache.set(key, pending)
  }
  return pending
}

export function clearRegionCache(): void {
  cache.clear()
}

/** Codes from the top of the tree down to `code`, or [] when it is not in the tree. */
export function regionPath(tree: readonly RegionNode[], code: string | null | undefined): string[] {
  if (!code) return []
  for (const node of tree) {
    if (node.code === code) return [node.code]
    const inner = regionPath(node.children ?? [], code)
    if (inner.length > 0) return [node.code, ...inner]
  }
  return []
}

/** Every node of the tree, depth first. */
export function flattenRegions(tree: readonly RegionNode[]): RegionNode[] {
  return tree.flatMap((node) => [node, ...flattenRegions(node.children ?? [])])
}
