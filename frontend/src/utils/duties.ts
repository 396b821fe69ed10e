/**
 * 三员分立 as the administration pages show it (the gateway enforces the same rules and answers 403):
 * the system administrator manages business accounts, the security administrator assigns their roles and edits
 * business roles, the officers' accounts and roles are managed on the server's command line only.
 */
import type { PermissionNode, Role, User } from '@/api/system'

/** Roles the security administrator may assign: every role but the three officers'. */
export function assignableRoles(roles: readonly Role[]): Role[] {
  return roles.filter((r) => !r.is_officer_role)
}

/** Whether the account actions (edit, disable, reset, unlock) are open on this account. */
export function accountEditable(user: Pick<User, 'is_officer'>): boolean {
  return !user.is_officer
}

/** Whether the signed-in user may assign roles to this account (never an officer's, never one's own). */
export function rolesAssignable(user: Pick<User, 'id' | 'is_officer'>, selfId: number | null | undefined): boolean {
  return !user.is_officer && user.id !== selfId
}

/** Why a role cannot be edited by the signed-in user, or null when it can. */
export function roleLock(role: Pick<Role, 'code' | 'is_officer_role'>, ownRoles: readonly string[]): 'officer' | 'own' | null {
  if (ownRoles.includes(role.code)) return 'own'
  if (role.is_officer_role) return 'officer'
  return null
}

/** Whether a permission belongs to the officers' duties (system, security, audit). */
export function isOfficerPermission(code: string): boolean {
  return code.startsWith('system:') || code.startsWith('audit:')
}

/** A node of the permission tree as the role editor shows it. */
export type DutyNode = PermissionNode & { disabled?: boolean; children?: DutyNode[] }

/**
 * The permission tree for editing one role: leaves the gateway would refuse to add are disabled (a granted one
 * stays enabled so it can be taken away): officer permissions on any business role, and personal data on a role
 * an officer holds.
 */
export function editableTree(
  tree: readonly PermissionNode[],
  role: Pick<Role, 'permissions' | 'held_by_officer'>
): DutyNode[] {
  const granted = new Set(role.permissions)
  const walk = (node: PermissionNode): DutyNode => {
    const children = node.children ?? []
    if (children.length > 0) return { ...node, children: children.map(walk) }
    const refused = isOfficerPermission(node.code) || (role.held_by_officer && node.sensitive === 'personal_data')
    return { ...node, disabled: refused && !granted.has(node.code) }
  }
  return tree.map(walk)
}
