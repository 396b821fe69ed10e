/** What the signed-in user may do and see: permission strings and the menu tree from `/auth/me`. */
import { defineStore } from 'pinia'
import type { MenuItem } from '@/api/auth'
import { filterMenus, hasAnyPermission, type MenuFilterOptions } from '@/router/utils'

export const usePermissionStore = defineStore('permission', {
  state: () => ({
    permissions: [] as string[],
    dataScopes: [] as string[],
    menus: [] as MenuItem[]
  }),
  getters: {
    permissionSet: (state) => new Set(state.permissions)
  },
  actions: {
    setAccess(access: { permissions: string[]; data_scopes?: string[]; menus?: MenuItem[] }) {
      this.permissions = [...access.permissions]
      this.dataScopes = [...(access.data_scopes ?? [])]
      this.menus = access.menus ? [...access.menus] : []
    },
    /** True when the user holds at least one of `required` (an empty requirement always passes). */
    has(required: string | readonly string[] | undefined | null): boolean {
      return hasAnyPermission(this.permissionSet, required)
    },
    /** The backend menu tree without entries the user may not open or the SPA has no page for. */
    visibleMenus(options: Omit<MenuFilterOptions, 'permissions'>): MenuItem[] {
      return filterMenus(this.menus, { ...options, permissions: this.permissionSet })
    },
    reset() {
      this.$reset()
    }
  }
})
