import { createRouter, createWebHistory, type Router } from 'vue-router'
import { fullScreenRoutes, routes, pageRoutes } from './routes'
import { installGuard } from './guard'

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(import.meta.env.BASE_URL),
    routes,
    scrollBehavior: () => ({ top: 0 })
  })
  installGuard(router)
  return router
}

/** Menu paths the SPA has a page for. */
const menuPaths = new Set([...pageRoutes, ...fullScreenRoutes].filter((r) => !r.meta?.activeMenu).map((r) => r.path))
export function isKnownMenuPath(path: string): boolean {
  return menuPaths.has(path)
}
