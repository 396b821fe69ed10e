/** Menu titles in the UI language: the page's own title when the SPA knows the page. */
import type { MenuItem } from '@/api/auth'
import { t } from '@/locales'
import { pageRoutes } from '@/router/routes'

const titleByPath = new Map<string, string>()
const groupByPrefix = new Map<string, string>()
for (const route of pageRoutes) {
  if (route.meta?.title && !route.meta.activeMenu) titleByPath.set(route.path, route.meta.title)
  if (route.meta?.group) groupByPrefix.set('/' + route.path.split('/')[1], route.meta.group)
}

export function menuTitle(item: Pick<MenuItem, 'path' | 'title'>): string {
  const key = titleByPath.get(item.path) ?? groupByPrefix.get(item.path)
  return key ? t(key) : item.title
}

export function routeIconKey(path: string): string | undefined {
  return pageRoutes.find((r) => r.path === path)?.meta?.icon
}
