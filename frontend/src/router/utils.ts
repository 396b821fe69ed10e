/** Pure helpers for menus, permissions and navigation decisions (unit-tested without a browser). */
import type { MenuItem } from '@/api/auth'

export type PermissionRequirement = string | readonly string[] | undefined | null

/** True when `granted` holds at least one of `required`; nothing required always passes. */
export function hasAnyPermission(granted: ReadonlySet<string>, required: PermissionRequirement): boolean {
  if (required === undefined || required === null) return true
  const list = typeof required === 'string' ? [required] : required
  if (list.length === 0) return true
  return list.some((perm) => granted.has(perm))
}

export interface MenuFilterOptions {
  permissions: ReadonlySet<string>
  /** Whether the SPA has a page at this path (backend entries without one are hidden). */
  isKnownPath: (path: string) => boolean
}

/**
 * Keeps the menu entries the user may open: a leaf needs its permission and a known page; a group
 * stays when at least one child stays.
 */
export function filterMenus(menus: readonly MenuItem[], options: MenuFilterOptions): MenuItem[] {
  const result: MenuItem[] = []
  for (const item of menus) {
    if (!hasAnyPermission(options.permissions, item.permission)) continue
    const children = filterMenus(item.children ?? [], options)
    if (children.length > 0) {
      result.push({ ...item, children })
    } else if ((item.children ?? []).length === 0 && options.isKnownPath(item.path)) {
      result.push({ ...item, children: [] })
    }
  }
  return result
}

/** The first leaf of a menu tree: where `/` leads after sign-in. */
export function firstLeafPath(menus: readonly MenuItem[]): string | null {
  for (const item of menus) {
    if (item.children && item.children.length > 0) {
      const inner = firstLeafPath(item.children)
      if (inner) return inner
    } else if (item.path) {
      return item.path
    }
  }
  return null
}

/** The chain of menu entries from the top down to the entry at `path`, or [] when absent. */
export function menuTrail(menus: readonly MenuItem[], path: string): MenuItem[] {
  for (const item of menus) {
    if (item.path === path) return [item]
    const inner = menuTrail(item.children ?? [], path)
    if (inner.length > 0) return [item, ...inner]
  }
  return []
}

export interface NavigationState {
  hasSession: boolean
  mustChangePassword: boolean
  hasPermission: (required: PermissionRequirement) => boolean
  homePath: string | null
}

export interface NavigationTarget {
  path: string
  fullPath: string
  public: boolean
  perms: PermissionRequirement
}

export type NavigationDecision =
  | { action: 'allow' }
  | { action: 'redirect'; path: string; query?: Record<string, string> }

/** Where a navigation must go, given the session (the route guard applies it). */
export function decideNavigation(to: NavigationTarget, state: NavigationState): NavigationDecision {
  if (to.path === '/login') {
    return state.hasSession && !state.mustChangePassword
      ? { action: 'redirect', path: state.homePath ?? '/403' }
      : { action: 'allow' }
  }
  if (to.public) return { action: 'allow' }
  if (!state.hasSession) {
    const query: Record<string, string> = {}
    if (to.fullPath && to.fullPath !== '/') query.redirect = to.fullPath
    return { action: 'redirect', path: '/login', query }
  }
  if (state.mustChangePassword) {
    return to.path === '/password' ? { action: 'allow' } : { action: 'redirect', path: '/password' }
  }
  if (to.path === '/') return { action: 'redirect', path: state.homePath ?? '/welcome' }
  if (!state.hasPermission(to.perms)) return { action: 'redirect', path: '/403' }
  return { action: 'allow' }
}
