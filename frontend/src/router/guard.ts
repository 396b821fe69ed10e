/** The route guard: session, forced password change, permissions, page title. */
import type { Router } from 'vue-router'
import type { MenuItem } from '@/api/auth'
import { t } from '@/locales'
import { usePermissionStore } from '@/store/modules/permission'
import { useUserStore } from '@/store/modules/user'
import { fullScreenRoutes, pageRoutes } from './routes'
import { decideNavigation, firstLeafPath } from './utils'

const knownPaths = new Set([...pageRoutes, ...fullScreenRoutes].filter((r) => !r.meta?.activeMenu).map((r) => r.path))

/** The menu the sidebar shows: the backend tree, or (when it sends none) the pages the user may open. */
export function currentMenus(): MenuItem[] {
  const permission = usePermissionStore()
  const fromBackend = permission.visibleMenus({ isKnownPath: (p) => knownPaths.has(p) })
  if (permission.menus.length > 0) return fromBackend
  return fallbackMenus((perms) => permission.has(perms))
}

function fallbackMenus(allowed: (perms: readonly string[] | undefined) => boolean): MenuItem[] {
  const groups = new Map<string, MenuItem[]>()
  const top: MenuItem[] = []
  for (const route of pageRoutes) {
    const meta = route.meta ?? {}
    if (!meta.icon || !allowed(meta.perms)) continue
    const leaf: MenuItem = {
      name: String(route.name),
      title: t(meta.title ?? ''),
      path: route.path,
      icon: meta.icon,
      permission: meta.perms?.[0] ?? null,
      children: []
    }
    if (!meta.group) {
      top.push(leaf)
      continue
    }
    let children = groups.get(meta.group)
    if (!children) {
      const path = '/' + route.path.split('/')[1]
      children = []
      groups.set(meta.group, children)
      top.push({ name: meta.group, title: t(meta.group), path, icon: path.slice(1), permission: null, children })
    }
    children.push(leaf)
  }
  return top
}

export function homePath(): string | null {
  return firstLeafPath(currentMenus())
}

export function installGuard(router: Router): void {
  router.beforeEach(async (to) => {
    const user = useUserStore()
    const permission = usePermissionStore()
    if (user.hasSession() && !user.isLoaded && !to.meta.public) {
      try {
        await user.loadMe()
      } catch {
        user.clearSession()
      }
    }
    const decision = decideNavigation(
      { path: to.path, fullPath: to.fullPath, public: Boolean(to.meta.public), perms: to.meta.perms },
      {
        hasSession: user.hasSession() && (user.isLoaded || Boolean(to.meta.public)),
        mustChangePassword: user.mustChangePassword,
        hasPermission: (perms) => permission.has(perms),
        homePath: user.isLoaded ? homePath() : null
      }
    )
    if (decision.action === 'redirect') {
      return { path: decision.path, query: decision.query, replace: true }
    }
    return true
  })

  router.afterEach((to) => {
    const page = to.meta.title ? t(to.meta.title) : ''
    document.title = page ? `${page} - ${t('app.shortTitle')}` : t('app.title')
  })
}
