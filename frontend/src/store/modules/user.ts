/** The session: sign-in, the current user (`/auth/me`), sign-out. */
import { defineStore } from 'pinia'
import * as authApi from '@/api/auth'
import type { Me } from '@/api/auth'
import { clearOfflineReads } from '@/offline/worker'
import { tokenStore } from '@/utils/http/client'
import { useDictionaryStore } from './dictionary'
import { usePermissionStore } from './permission'

export const useUserStore = defineStore('user', {
  state: () => ({
    me: null as Me | null,
    /** Set from the sign-in response until `/auth/me` confirms it. */
    mustChangePassword: false,
    /** The password is older than the gateway allows (GATEWAY_PASSWORD_MAX_AGE_DAYS): the change is forced. */
    passwordExpired: false
  }),
  getters: {
    user: (state) => state.me?.user ?? null,
    displayName: (state) => state.me?.user.display_name || state.me?.user.username || '',
    roleNames: (state) => (state.me?.roles ?? []).map((r) => r.name).join('、'),
    regionName: (state) => state.me?.user.region_name ?? '',
    unitName: (state) => state.me?.user.unit_name ?? '',
    isLoaded: (state) => state.me !== null,
    /** Whether the user acts for the whole installation (placed at a province, or scope ALL): only such an
     *  administrator changes what every city shares (role definitions, 系统参数, 业务字典, clients, jobs). */
    isProvinceLevel: (state) =>
      (state.me?.data_scopes ?? []).includes('ALL') || /^\d{2}0000$/.test(state.me?.user.region_code ?? '')
  },
  actions: {
    hasSession(): boolean {
      return Boolean(tokenStore.getAccessToken() || tokenStore.getRefreshToken())
    },
    async login(username: string, password: string): Promise<void> {
      const pair = await authApi.login({ username, password })
      tokenStore.save(pair)
      this.mustChangePassword = Boolean(pair.must_change_password)
      this.passwordExpired = Boolean(pair.password_expired)
      await this.loadMe()
    },
    async loadMe(): Promise<Me> {
      const me = await authApi.fetchMe()
      this.me = me
      this.mustChangePassword = Boolean(me.user.must_change_password)
      this.passwordExpired = Boolean(me.user.password_expired)
      usePermissionStore().setAccess(me)
      try {
        // The names of codes (业务字典) every page shows; the browser revalidates its copy by ETag.
        await useDictionaryStore().load()
      } catch {
        // a page still works; a code it cannot name reads as the code until the next sign-in
      }
      return me
    },
    async changePassword(oldPassword: string, newPassword: string): Promise<void> {
      await authApi.changePassword({ old_password: oldPassword, new_password: newPassword })
      // The backend revoked every token of this user: the session is over.
      this.clearSession()
    },
    /** Revokes the refresh token (best effort) and forgets the session locally. */
    async logout(): Promise<void> {
      const refreshToken = tokenStore.getRefreshToken()
      const accessToken = tokenStore.getAccessToken()
      this.clearSession()
      if (refreshToken) {
        try {
          await authApi.logout(refreshToken, accessToken)
        } catch {
          // The local session is gone either way; an unreachable server must not block sign-out.
        }
      }
    },
    clearSession(): void {
      tokenStore.clear()
      this.me = null
      this.mustChangePassword = false
      this.passwordExpired = false
      usePermissionStore().reset()
      useDictionaryStore().reset()
      void clearOfflineReads()
    }
  }
})
