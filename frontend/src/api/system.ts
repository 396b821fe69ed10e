/** 系统管理：用户、角色、权限、单位、行政区划、接入系统。 */
import { http } from '@/utils/http/client'
import { ifMatch } from './etag'
import type { BodyOf, ItemOf, QueryOf, ResponseOf } from './types'

export type RegionNode = ResponseOf<'/api/v1/regions/tree', 'get'>[number]
export type User = ItemOf<'/api/v1/system/users'>
export type UserPage = ResponseOf<'/api/v1/system/users', 'get'>
export type UserQuery = QueryOf<'/api/v1/system/users', 'get'>
export type UserCreate = BodyOf<'/api/v1/system/users', 'post'>
export type UserUpdate = BodyOf<'/api/v1/system/users/{id}', 'patch'>
export type TemporaryPassword = ResponseOf<'/api/v1/system/users/{id}/reset-password', 'post'>
export type Role = ItemOf<'/api/v1/system/roles'>
export type RoleUpdate = BodyOf<'/api/v1/system/roles/{code}', 'patch'>
export type DataScope = Role['data_scope']
export type PermissionNode = ResponseOf<'/api/v1/system/permissions', 'get'>[number]
export type Unit = ItemOf<'/api/v1/system/units'>
export type UnitQuery = QueryOf<'/api/v1/system/units', 'get'>
export type UnitCreate = BodyOf<'/api/v1/system/units', 'post'>
export type Client = ItemOf<'/api/v1/system/clients'>
export type ClientCreate = BodyOf<'/api/v1/system/clients', 'post'>
export type ClientCreated = ResponseOf<'/api/v1/system/clients', 'post'>

export const DATA_SCOPES: readonly DataScope[] = ['ALL', 'REGION_AND_BELOW', 'REGION', 'UNIT', 'SELF']

function compact<T extends object>(query: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')
  ) as Partial<T>
}

const id = (value: string | number) => encodeURIComponent(String(value))

export async function regionTree(root?: string): Promise<RegionNode[]> {
  const res = await http.get<RegionNode[]>('/api/v1/regions/tree', { params: compact({ root }) })
  return res.data
}

export async function listUsers(query: UserQuery): Promise<UserPage> {
  return (await http.get<UserPage>('/api/v1/system/users', { params: compact(query) })).data
}

export async function createUser(body: UserCreate): Promise<User> {
  return (await http.post<User>('/api/v1/system/users', body)).data
}

export async function updateUser(userId: string | number, version: string | number, body: UserUpdate): Promise<User> {
  return (
    await http.patch<User>(`/api/v1/system/users/${id(userId)}`, body, {
      headers: { 'If-Match': ifMatch(version) }
    })
  ).data
}

export async function disableUser(userId: string | number): Promise<void> {
  await http.post(`/api/v1/system/users/${id(userId)}/disable`)
}

export async function enableUser(userId: string | number): Promise<void> {
  await http.post(`/api/v1/system/users/${id(userId)}/enable`)
}

export async function resetUserPassword(userId: string | number): Promise<TemporaryPassword> {
  return (await http.post<TemporaryPassword>(`/api/v1/system/users/${id(userId)}/reset-password`)).data
}

export async function listRoles(): Promise<Role[]> {
  const res = await http.get<ResponseOf<'/api/v1/system/roles', 'get'>>('/api/v1/system/roles', {
    params: { page: 1, page_size: 100 }
  })
  return res.data.items
}

export async function updateRole(code: string, body: RoleUpdate, version?: string | number): Promise<Role> {
  const headers = version === undefined ? {} : { 'If-Match': ifMatch(version) }
  return (await http.patch<Role>(`/api/v1/system/roles/${id(code)}`, body, { headers })).data
}

export async function permissionTree(): Promise<PermissionNode[]> {
  return (await http.get<PermissionNode[]>('/api/v1/system/permissions')).data
}

export async function listUnits(query: UnitQuery): Promise<ResponseOf<'/api/v1/system/units', 'get'>> {
  return (await http.get<ResponseOf<'/api/v1/system/units', 'get'>>('/api/v1/system/units', { params: compact(query) })).data
}

export async function createUnit(body: UnitCreate): Promise<Unit> {
  return (await http.post<Unit>('/api/v1/system/units', body)).data
}

export async function listClients(page: number, pageSize: number): Promise<ResponseOf<'/api/v1/system/clients', 'get'>> {
  return (
    await http.get<ResponseOf<'/api/v1/system/clients', 'get'>>('/api/v1/system/clients', {
      params: { page, page_size: pageSize }
    })
  ).data
}

export async function createClient(body: ClientCreate): Promise<ClientCreated> {
  return (await http.post<ClientCreated>('/api/v1/system/clients', body)).data
}
