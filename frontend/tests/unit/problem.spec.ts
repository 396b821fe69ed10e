import { describe, expect, it } from 'vitest'
import { ApiError, fieldErrorsOf, normalizeFieldPath } from '@/utils/http'
import { useServerErrors } from '@/utils/form'

describe('problem → form field mapping', () => {
  it('strips the request location from field paths', () => {
    expect(normalizeFieldPath('body.uscc')).toBe('uscc')
    expect(normalizeFieldPath('uscc')).toBe('uscc')
    expect(normalizeFieldPath('query.page_size')).toBe('page_size')
    expect(normalizeFieldPath('body.contacts.0.phone')).toBe('contacts.0.phone')
    expect(normalizeFieldPath(['body', 'region_code'])).toBe('region_code')
    // A field literally called "body" stays.
    expect(normalizeFieldPath('body')).toBe('body')
  })

  it('keeps the first message per field', () => {
    expect(
      fieldErrorsOf({
        errors: [
          { field: 'body.uscc', message: '校验位错误' },
          { field: 'uscc', message: '重复' },
          { field: 'body.name', message: '不能为空' }
        ]
      })
    ).toEqual({ uscc: '校验位错误', name: '不能为空' })
    expect(fieldErrorsOf(null)).toEqual({})
  })

  it('puts server errors on the matching form items only', () => {
    const server = useServerErrors()
    const error = new ApiError({
      kind: 'problem',
      status: 422,
      message: '请求参数有误',
      problem: {
        code: 'validation_error',
        errors: [
          { field: 'body.uscc', message: '统一社会信用代码校验位错误' },
          { field: 'body.address.line1', message: '地址过长' },
          { field: 'body.unknown', message: '不认识' }
        ]
      }
    })
    expect(server.apply(error, ['uscc', 'name', 'address'])).toBe(true)
    expect(server.fields).toEqual({ uscc: '统一社会信用代码校验位错误', address: '地址过长' })
    server.clear('uscc')
    expect(server.fields).toEqual({ address: '地址过长' })
  })

  it('reports no match for an error without fields, so the caller shows a toast', () => {
    const server = useServerErrors()
    const error = new ApiError({ kind: 'problem', status: 409, message: '已存在', problem: { code: 'conflict' } })
    expect(server.apply(error, ['uscc'])).toBe(false)
    expect(server.apply(new Error('x'), ['uscc'])).toBe(false)
    expect(server.fields).toEqual({})
  })
})
