import { describe, expect, it } from 'vitest'
import type { PermissionNode, Role } from '@/api/system'
import { accountEditable, assignableRoles, editableTree, roleLock, rolesAssignable } from '@/utils/duties'
import { sensitiveChange, toSensitiveQuery } from '@/views/audit/logs/utils/sensitive'

const role = (code: string, extra: Partial<Role> = {}): Role => ({
  code,
  name: code,
  permissions: [],
  data_scope: 'ALL',
  is_builtin: true,
  is_officer_role: false,
  held_by_officer: false,
  version: 1,
  updated_at: '2026-12-06T00:00:00Z',
  ...extra
})

const TREE: PermissionNode[] = [
  {
    code: 'trade',
    label: '对外经贸',
    sensitive: null,
    children: [
      {
        code: 'trade:worker',
        label: '外派劳务人员个人信息',
        sensitive: null,
        children: [
          { code: 'trade:worker:pii', label: '明文', sensitive: 'personal_data', children: [] },
          { code: 'trade:labour:list', label: '查看', sensitive: null, children: [] }
        ]
      }
    ]
  },
  {
    code: 'audit',
    label: '审计',
    sensitive: null,
    children: [{ code: 'audit:log', label: '审计日志', sensitive: null, children: [{ code: 'audit:log:list', label: '查询', sensitive: 'audit', children: [] }] }]
  }
]

const leaves = (nodes: ReturnType<typeof editableTree>): Record<string, boolean> =>
  Object.fromEntries(
    nodes.flatMap((n) => ((n.children ?? []).length > 0 ? Object.entries(leaves(n.children ?? [])) : [[n.code, Boolean(n.disabled)]]))
  )

describe('三员分立 in the administration pages', () => {
  it('never offers the officer roles for assignment', () => {
    const roles = [role('system_admin', { is_officer_role: true }), role('auditor', { is_officer_role: true }), role('city_leader')]
    expect(assignableRoles(roles).map((r) => r.code)).toEqual(['city_leader'])
  })

  it('closes the account actions on an officer account, and role assignment on oneself', () => {
    expect(accountEditable({ is_officer: true })).toBe(false)
    expect(accountEditable({ is_officer: false })).toBe(true)
    expect(rolesAssignable({ id: 3, is_officer: false }, 3)).toBe(false)
    expect(rolesAssignable({ id: 3, is_officer: true }, 9)).toBe(false)
    expect(rolesAssignable({ id: 3, is_officer: false }, 9)).toBe(true)
  })

  it('locks one’s own role and the officer roles', () => {
    expect(roleLock(role('security_admin', { is_officer_role: true }), ['security_admin'])).toBe('own')
    expect(roleLock(role('auditor', { is_officer_role: true }), ['security_admin'])).toBe('officer')
    expect(roleLock(role('city_leader'), ['security_admin'])).toBeNull()
  })

  it('disables personal data on a role an officer holds, and officer permissions on every business role', () => {
    expect(leaves(editableTree(TREE, role('city_leader')))).toEqual({
      'trade:worker:pii': false,
      'trade:labour:list': false,
      'audit:log:list': true
    })
    expect(leaves(editableTree(TREE, role('city_leader', { held_by_officer: true })))).toEqual({
      'trade:worker:pii': true,
      'trade:labour:list': false,
      'audit:log:list': true
    })
    // A permission already granted stays enabled, so it can be taken away.
    const granted = role('city_leader', { held_by_officer: true, permissions: ['trade:worker:pii'] })
    expect(leaves(editableTree(TREE, granted))['trade:worker:pii']).toBe(false)
  })
})

describe('敏感权限变更', () => {
  it('asks the audit log for its category, grants or revocations only when chosen', () => {
    expect(toSensitiveQuery({ change: '', actor: '', range: null }, 1, 20)).toEqual({
      page: 1,
      page_size: 20,
      category: 'sensitive_permission'
    })
    expect(toSensitiveQuery({ change: 'revoke', actor: ' security ', range: null }, 2, 50)).toEqual({
      page: 2,
      page_size: 50,
      category: 'sensitive_permission',
      action: 'role.sensitive_revoke',
      actor: 'security'
    })
  })

  it('reads who got or lost which permissions from the entry', () => {
    expect(
      sensitiveChange({
        action: 'role.sensitive_grant',
        entity_type: 'role',
        entity_id: 'city_leader',
        after: { role: 'city_leader', role_name: '市局领导', permissions: ['trade:worker:pii'], kinds: ['personal_data'] }
      })
    ).toEqual({ granted: true, permissions: ['trade:worker:pii'], kinds: ['personal_data'], holder: '市局领导' })
    // An entry that names the permissions is shown by the names.
    expect(
      sensitiveChange({
        action: 'role.sensitive_grant',
        entity_type: 'role',
        entity_id: 'city_leader',
        after: { role_name: '市局领导', permissions: ['trade:worker:pii'], permission_names: ['查看外派人员明文'], kinds: ['personal_data'] }
      }).permissions
    ).toEqual(['查看外派人员明文'])
    expect(
      sensitiveChange({ action: 'role.sensitive_revoke', entity_type: 'user', entity_id: '12', after: { username: 'gs_zhang' } })
    ).toEqual({ granted: false, permissions: [], kinds: [], holder: 'gs_zhang' })
  })
})
