import { describe, expect, it } from 'vitest'
import type { MenuItem } from '@/api/auth'
import { decideNavigation, filterMenus, firstLeafPath, hasAnyPermission, menuTrail } from '@/router/utils'

const menu = (path: string, permission: string | null, children: MenuItem[] = []): MenuItem => ({
  name: path,
  title: path,
  path,
  icon: null,
  permission,
  children
})

const TREE: MenuItem[] = [
  menu('/dashboard', 'dashboard:stats:read'),
  menu('/enterprises', 'enterprise:enterprise:list'),
  menu('/system', null, [
    menu('/system/users', 'system:user:list'),
    menu('/system/roles', 'system:role:list'),
    menu('/system/not-built', 'system:thing:list')
  ]),
  menu('/audit', null, [menu('/audit/logs', 'audit:log:list')])
]
const known = (p: string) => !p.includes('not-built')

describe('menus', () => {
  it('keeps only the entries the permissions allow, and drops empty groups', () => {
    const county = filterMenus(TREE, {
      permissions: new Set(['dashboard:stats:read', 'enterprise:enterprise:list']),
      isKnownPath: known
    })
    expect(county.map((m) => m.path)).toEqual(['/dashboard', '/enterprises'])
  })

  it('hides backend entries the SPA has no page for', () => {
    const admin = filterMenus(TREE, {
      permissions: new Set(['system:user:list', 'system:thing:list']),
      isKnownPath: known
    })
    expect(admin).toHaveLength(1)
    expect((admin[0].children ?? []).map((m) => m.path)).toEqual(['/system/users'])
  })

  it('finds the first page and the breadcrumb trail', () => {
    expect(firstLeafPath([menu('/system', null, [menu('/system/users', null)])])).toBe('/system/users')
    expect(firstLeafPath([])).toBeNull()
    expect(menuTrail(TREE, '/system/roles').map((m) => m.path)).toEqual(['/system', '/system/roles'])
    expect(menuTrail(TREE, '/nowhere')).toEqual([])
  })

  it('treats a missing requirement as allowed and a list as any-of', () => {
    const granted = new Set(['a'])
    expect(hasAnyPermission(granted, undefined)).toBe(true)
    expect(hasAnyPermission(granted, [])).toBe(true)
    expect(hasAnyPermission(granted, ['b', 'a'])).toBe(true)
    expect(hasAnyPermission(granted, 'b')).toBe(false)
  })
})

describe('navigation decisions', () => {
  const base = {
    hasSession: true,
    mustChangePassword: false,
    hasPermission: (p: unknown) => p === undefined || (p as string[]).includes('enterprise:enterprise:list'),
    homePath: '/enterprises'
  }
  const to = (path: string, perms?: string[], isPublic = false) => ({ path, fullPath: path, public: isPublic, perms })

  it('sends a visitor without a session to sign in, remembering where they were going', () => {
    expect(decideNavigation(to('/system/users', ['system:user:list']), { ...base, hasSession: false })).toEqual({
      action: 'redirect',
      path: '/login',
      query: { redirect: '/system/users' }
    })
  })

  it('forces the password change before anything else', () => {
    const state = { ...base, mustChangePassword: true }
    expect(decideNavigation(to('/enterprises', ['enterprise:enterprise:list']), state)).toEqual({ action: 'redirect', path: '/password' })
    expect(decideNavigation(to('/password'), state)).toEqual({ action: 'allow' })
  })

  it('answers 403 for a page the permissions do not open', () => {
    expect(decideNavigation(to('/system/users', ['system:user:list']), base)).toEqual({ action: 'redirect', path: '/403' })
    expect(decideNavigation(to('/enterprises', ['enterprise:enterprise:list']), base)).toEqual({ action: 'allow' })
  })

  it('leads / to the first menu page and a signed-in user away from the sign-in page', () => {
    expect(decideNavigation(to('/'), base)).toEqual({ action: 'redirect', path: '/enterprises' })
    expect(decideNavigation(to('/login', undefined, true), base)).toEqual({ action: 'redirect', path: '/enterprises' })
    expect(decideNavigation(to('/login', undefined, true), { ...base, hasSession: false })).toEqual({ action: 'allow' })
  })
})
