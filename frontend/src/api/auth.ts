/** 认证：登录、刷新、退出、修改密码、当前用户。 */
import { http } from '@/utils/http/client'
import { ifMatch } from './etag'
import type { BodyOf, ResponseOf } from './types'

export type LoginRequest = BodyOf<'/api/v1/auth/login', 'post'>
export type TokenPairResponse = ResponseOf<'/api/v1/auth/login', 'post'>
export type PasswordChangeRequest = BodyOf<'/api/v1/auth/password', 'post'>
export type Me = ResponseOf<'/api/v1/auth/me', 'get'>
export type MeUser = Me['user']
export type MenuItem = Me['menus'][number]

export async function login(body: LoginRequest): Promise<TokenPairResponse> {
  const res = await http.post<TokenPairResponse>('/api/v1/auth/login', body, { skipAuth: true })
  return res.data
}

/**
 * Ends this sign-in. The gateway needs the caller's own access token (it never revokes another user's refresh
 * token), passed explicitly because the local session is already cleared; no refresh is attempted.
 */
export async function logout(refreshToken: string, accessToken: string | null): Promise<void> {
  const headers = accessToken ? { Authorization: `Bearer ${accessToken}` } : {}
  await http.post('/api/v1/auth/logout', { refresh_token: refreshToken }, { skipAuth: true, headers })
}

export async function changePassword(body: PasswordChangeRequest): Promise<void> {
  await http.post('/api/v1/auth/password', body)
}

export async function fetchMe(): Promise<Me> {
  const res = await http.get<Me>('/api/v1/auth/me')
  return res.data
}

const NOTIFY_SETTINGS = '/api/v1/auth/me/notification-settings'
export type NotificationSettings = ResponseOf<typeof NOTIFY_SETTINGS, 'get'>
export type NotificationSettingsUpdate = BodyOf<typeof NOTIFY_SETTINGS, 'put'>

/** The signed-in user's 消息接收设置 (channels, quiet hours). */
export async function fetchNotificationSettings(): Promise<NotificationSettings> {
  return (await http.get<NotificationSettings>(NOTIFY_SETTINGS)).data
}

/** Saves the 消息接收设置 against the version read (412 when changed meanwhile). */
export async function saveNotificationSettings(
  body: NotificationSettingsUpdate,
  version: number
): Promise<NotificationSettings> {
  return (await http.put<NotificationSettings>(NOTIFY_SETTINGS, body, { headers: { 'If-Match': ifMatch(version) } })).data
}
