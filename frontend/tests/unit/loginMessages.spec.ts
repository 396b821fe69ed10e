import { describe, expect, it } from 'vitest'
import { ApiError } from '@/utils/http'
import { t } from '@/locales'
import { loginErrorMessage } from '@/views/login/utils/messages'

const problem = (status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  new ApiError({ kind: 'problem', status, message: 'x', problem: { code, status, ...extra }, headers })

describe('sign-in messages', () => {
  it('says the password is wrong, with the attempts left when known', () => {
    expect(loginErrorMessage(problem(401, 'auth.invalid_credentials'), t)).toBe('用户名或密码错误')
    expect(loginErrorMessage(problem(401, 'auth.invalid_credentials', { remaining_attempts: 2 }), t)).toBe(
      '用户名或密码错误，再错 2 次账号将被锁定'
    )
  })

  it('says the account is locked with the minutes left, rounded up', () => {
    expect(loginErrorMessage(problem(423, 'auth.account_locked', { retry_after_seconds: 14 * 60 + 5 }), t)).toBe(
      '账号已被锁定，请 15 分钟后再试'
    )
    expect(loginErrorMessage(problem(423, 'auth.account_locked', {}, { 'retry-after': '30' }), t)).toBe(
      '账号已被锁定，请 1 分钟后再试'
    )
  })

  it('says the account is disabled, and when to retry after too many attempts', () => {
    expect(loginErrorMessage(problem(403, 'auth.account_disabled'), t)).toBe('账号已被停用，请联系系统管理员')
    expect(loginErrorMessage(problem(429, 'rate_limited', {}, { 'retry-after': '42' }), t)).toBe(
      '登录尝试过于频繁，请 42 秒后再试'
    )
  })

  it('falls back to the network message', () => {
    expect(loginErrorMessage(new ApiError({ kind: 'network', message: '无法连接服务器，请检查网络后重试' }), t)).toBe(
      '无法连接服务器，请检查网络后重试'
    )
  })
})
