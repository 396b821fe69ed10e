import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { Me } from '@/api/auth'

vi.mock('@/api/auth', () => ({
  login: vi.fn(),
  logout: vi.fn(),
  fetchMe: vi.fn(),
  changePassword: vi.fn()
}))

const authApi = await import('@/api/auth')
const { useUserStore } = await import('@/store/modules/user')
const { usePermissionStore } = await import('@/store/modules/permission')
const { useAppStore } = await import('@/store/modules/app')
const { tokenStore } = await import('@/utils/http/client')

const me = (overrides: Partial<Me['user']> = {}, permissions = ['enterprise:enterprise:list']): Me => ({
  user: {
    id: 7,
    username: 'guangshan',
    display_name: '光山县商务局',
    region_code: '411522',
    region_name: '光山县',
    unit_id: null,
    unit_name: null,
    enterprise_uscc: null,
    must_change_password: false,
    password_expired: false,
    ...overrides
  },
  roles: [{ code: 'county_officer', name: '县区商务局' }],
  permissions,
  data_scopes: ['REGION_AND_BELOW'],
  menus: [
    { name: 'enterprises', title: '企业名录', path: '/enterprises', icon: null, permission: 'enterprise:enterprise:list', children: [] },
    {
      name: 'system',
      title: '系统管理',
      path: '/system',
      icon: null,
      permission: null,
      children: [{ name: 'users', title: '用户管理', path: '/system/users', icon: null, permission: 'system:user:list', children: [] }]
    }
  ]
})

beforeEach(() => {
  setActivePinia(createPinia())
  window.localStorage.clear()
  vi.mocked(authApi.login).mockReset()
  vi.mocked(authApi.logout).mockReset()
  vi.mocked(authApi.fetchMe).mockReset()
  vi.mocked(authApi.changePassword).mockReset()
})

describe('user store', () => {
  it('signs in: stores the token pair, loads the user and the permissions', async () => {
    vi.mocked(authApi.login).mockResolvedValue({
      access_token: 'a1',
      refresh_token: 'r1',
      token_type: 'bearer',
      expires_in: 900,
      must_change_password: false,
      password_expired: false
    })
    vi.mocked(authApi.fetchMe).mockResolvedValue(me())
    const user = useUserStore()

    await user.login('guangshan', 'Demo@2021pass')

    expect(authApi.login).toHaveBeenCalledWith({ username: 'guangshan', password: 'Demo@2021pass' })
    expect(tokenStore.getAccessToken()).toBe('a1')
    expect(tokenStore.getRefreshToken()).toBe('r1')
    expect(user.displayName).toBe('光山县商务局')
    expect(user.regionName).toBe('光山县')
    expect(user.roleNames).toBe('县区商务局')
    const permission = usePermissionStore()
    expect(permission.has('enterprise:enterprise:list')).toBe(true)
    expect(permission.has('system:user:list')).toBe(false)
    // The system group has no page this user may open, so the sidebar shows only the directory.
    expect(permission.visibleMenus({ isKnownPath: () => true }).map((m) => m.path)).toEqual(['/enterprises'])
  })

  it('keeps the forced password change the backend asks for', async () => {
    vi.mocked(authApi.login).mockResolvedValue({
      access_token: 'a1',
      refresh_token: 'r1',
      token_type: 'bearer',
      expires_in: 900,
      must_change_password: true,
      password_expired: false
    })
    vi.mocked(authApi.fetchMe).mockResolvedValue(me({ must_change_password: true }))
    const user = useUserStore()
    await user.login('newbie', 'Temp@2021pass')
    expect(user.mustChangePassword).toBe(true)
  })

  it('signs out with its own access token: revokes the refresh token and forgets the session even if the server is unreachable', async () => {
    tokenStore.save({ access_token: 'a1', refresh_token: 'r1' })
    vi.mocked(authApi.fetchMe).mockResolvedValue(me())
    vi.mocked(authApi.logout).mockRejectedValue(new Error('offline'))
    const user = useUserStore()
    await user.loadMe()

    await user.logout()

    expect(authApi.logout).toHaveBeenCalledWith('r1', 'a1')
    expect(tokenStore.getAccessToken()).toBeNull()
    expect(tokenStore.getRefreshToken()).toBeNull()
    expect(user.me).toBeNull()
    expect(usePermissionStore().permissions).toEqual([])
  })

  it('ends the session after a password change (the backend revoked the tokens)', async () => {
    tokenStore.save({ access_token: 'a1', refresh_token: 'r1' })
    vi.mocked(authApi.changePassword).mockResolvedValue(undefined)
    const user = useUserStore()
    await user.changePassword('Old@2021pass', 'New@2021pass!')
    expect(authApi.changePassword).toHaveBeenCalledWith({ old_password: 'Old@2021pass', new_password: 'New@2021pass!' })
    expect(user.hasSession()).toBe(false)
  })
})

describe('app store', () => {
  it('uses a drawer instead of the sidebar below 768 px', () => {
    const app = useAppStore()
    app.updateViewport(375)
    expect(app.isMobile).toBe(true)
    app.toggleSidebar()
    expect(app.drawerOpen).toBe(true)
    expect(app.sidebarCollapsed).toBe(false)
    app.updateViewport(1280)
    expect(app.isMobile).toBe(false)
    expect(app.drawerOpen).toBe(false)
    app.toggleSidebar()
    expect(app.sidebarCollapsed).toBe(true)
  })

  it('switches the UI language and remembers it', async () => {
    const app = useAppStore()
    await app.changeLocale('en')
    expect(app.locale).toBe('en')
    expect(window.localStorage.getItem('wrzwq.locale')).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    await app.changeLocale('zh-CN')
  })
})
