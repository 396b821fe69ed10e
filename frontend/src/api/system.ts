/** 系统管理：用户、角色、权限、单位、行政区划、接入客户端。 */
import { http } from '@/utils/http/client'
import { ifMatch } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

const USER = '/api/v1/system/users/{user_id}' as const

export type RegionNode = ResponseOf<'/api/v1/regions/tree', 'get'>[number]
export type User = ItemOf<'/api/v1/system/users'>
export type UserPage = ResponseOf<'/api/v1/system/users', 'get'>
export type UserQuery = QueryOf<'/api/v1/system/users', 'get'>
export type UserCreate = BodyOf<'/api/v1/system/users', 'post'>
export type UserUpdate = BodyOf<typeof USER, 'patch'>
export type UserRolesUpdate = BodyOf<'/api/v1/system/users/{user_id}/roles', 'put'>
export type TemporaryPassword = ResponseOf<'/api/v1/system/users/{user_id}/reset-password', 'post'>
export type Role = ItemOf<'/api/v1/system/roles'>
export type RoleUpdate = BodyOf<'/api/v1/system/roles/{code}', 'patch'>
export type DataScope = Role['data_scope']
export type PermissionNode = ResponseOf<'/api/v1/system/permissions', 'get'>[number]
export type Unit = ItemOf<'/api/v1/system/units'>
export type UnitPage = ResponseOf<'/api/v1/system/units', 'get'>
export type UnitQuery = QueryOf<'/api/v1/system/units', 'get'>
export type UnitCreate = BodyOf<'/api/v1/system/units', 'post'>
export type UnitEntry = ItemOf<'/api/v1/units'>
export type UnitEntryPage = ResponseOf<'/api/v1/units', 'get'>
export type UnitEntryQuery = QueryOf<'/api/v1/units', 'get'>
export type PersonEntry = ItemOf<'/api/v1/people'>
export type PersonEntryPage = ResponseOf<'/api/v1/people', 'get'>
export type PersonEntryQuery = QueryOf<'/api/v1/people', 'get'>
export type Client = ItemOf<'/api/v1/system/clients'>
export type ClientPage = ResponseOf<'/api/v1/system/clients', 'get'>
export type ClientCreate = BodyOf<'/api/v1/system/clients', 'post'>
export type ClientCreated = ResponseOf<'/api/v1/system/clients', 'post'>

export const DATA_SCOPES: readonly DataScope[] = ['ALL', 'REGION_AND_BELOW', 'REGION', 'UNIT', 'SELF']
/** Scopes a machine client may have (the gateway refuses UNIT and SELF for clients). */
export const CLIENT_DATA_SCOPES: readonly DataScope[] = ['ALL', 'REGION_AND_BELOW', 'REGION']

const seg = (value: string | number) => encodeURIComponent(String(value))

/** The region tree a user may pick from (default root: the user's own region). */
export async function regionTree(root?: string): Promise<RegionNode[]> {
  const res = await http.get<RegionNode[]>('/api/v1/regions/tree', { params: root ? { root } : {} })
  return res.data
}

/** The whole stored division tree, for the administrators' region page. */
export async function systemRegions(root?: string): Promise<RegionNode[]> {
  const res = await http.get<RegionNode[]>('/api/v1/system/regions', { params: root ? { root } : {} })
  return res.data
}

export async function listUsers(query: UserQuery): Promise<UserPage> {
  return (await http.get<UserPage>('/api/v1/system/users', { params: query })).data
}

export async function createUser(body: UserCreate): Promise<User> {
  return (await http.post<User>('/api/v1/system/users', body)).data
}

export async function updateUser(userId: number, version: string | number, body: UserUpdate): Promise<User> {
  return (await http.patch<User>(`/api/v1/system/users/${seg(userId)}`, body, { headers: { 'If-Match': ifMatch(version) } })).data
}

/** Replace a business account's roles (the security administrator's duty; If-Match: the user's version). */
export async function assignUserRoles(userId: number, version: string | number, body: UserRolesUpdate): Promise<User> {
  const url = `/api/v1/system/users/${seg(userId)}/roles`
  return (await http.put<User>(url, body, { headers: { 'If-Match': ifMatch(version) } })).data
}

export async function disableUser(userId: number): Promise<User> {
  return (await http.post<User>(`/api/v1/system/users/${seg(userId)}/disable`)).data
}

export async function enableUser(userId: number): Promise<User> {
  return (await http.post<User>(`/api/v1/system/users/${seg(userId)}/enable`)).data
}

export async function unlockUser(userId: number): Promise<User> {
  return (await http.post<User>(`/api/v1/system/users/${seg(userId)}/unlock`)).data
}

export async function resetUserPassword(userId: number): Promise<TemporaryPassword> {
  return (await http.post<TemporaryPassword>(`/api/v1/system/users/${seg(userId)}/reset-password`)).data
}

export async function listRoles(): Promise<Role[]> {
  const res = await http.get<ResponseOf<'/api/v1/system/roles', 'get'>>('/api/v1/system/roles', {
    params: { page: 1, page_size: 100 }
  })
  return res.data.items
}

export async function updateRole(code: string, version: string | number, body: RoleUpdate): Promise<Role> {
  return (await http.patch<Role>(`/api/v1/system/roles/${seg(code)}`, body, { headers: { 'If-Match': ifMatch(version) } })).data
}

export async function permissionTree(): Promise<PermissionNode[]> {
  return (await http.get<PermissionNode[]>('/api/v1/system/permissions')).data
}

export async function listUnits(query: UnitQuery): Promise<UnitPage> {
  return (await http.get<UnitPage>('/api/v1/system/units', { params: query })).data
}

/** Permissions any one of which lets a user read the unit directory (those who assign cases or issue orders). */
export const UNIT_DIRECTORY_PERMISSIONS = ['case:case:assign', 'case:supervision:issue', 'system:unit:list'] as const

/** Whether a user with these permissions may read the unit directory. */
export function readsUnitDirectory(has: (permission: string) => boolean): boolean {
  return UNIT_DIRECTORY_PERMISSIONS.some((p) => has(p))
}

/** Active units in the user's data scope, by name (read-only; for the assign and supervision forms). */
export async function unitDirectory(query: UnitEntryQuery): Promise<UnitEntryPage> {
  return (await http.get<UnitEntryPage>('/api/v1/units', { params: query })).data
}

/** Permissions any one of which lets a user read the people directory (those who record pairings). */
export const PEOPLE_DIRECTORY_PERMISSIONS = ['case:pairing:manage', 'system:user:list'] as const

/** Active staff accounts in the user's data scope and the regions above, by name (for choosing a 包联人). */
export async function peopleDirectory(query: PersonEntryQuery): Promise<PersonEntryPage> {
  return (await http.get<PersonEntryPage>('/api/v1/people', { params: query, paramsSerializer: { indexes: null } })).data
}

export async function createUnit(body: UnitCreate): Promise<Unit> {
  return (await http.post<Unit>('/api/v1/system/units', body)).data
}

export async function listClients(page: number, pageSize: number): Promise<ClientPage> {
  return (await http.get<ClientPage>('/api/v1/system/clients', { params: { page, page_size: pageSize } })).data
}

export async function createClient(body: ClientCreate): Promise<ClientCreated> {
  return (await http.post<ClientCreated>('/api/v1/system/clients', body)).data
}

export async function disableClient(clientId: string): Promise<Client> {
  return (await http.post<Client>(`/api/v1/system/clients/${seg(clientId)}/disable`)).data
}

export async function enableClient(clientId: string): Promise<Client> {
  return (await http.post<Client>(`/api/v1/system/clients/${seg(clientId)}/enable`)).data
}
