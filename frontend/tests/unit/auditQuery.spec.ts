import { describe, expect, it } from 'vitest'
import { toAuditQuery } from '@/views/audit/logs/utils/hook'

describe('audit log query', () => {
  it('sends only the filters that are set, times with their offset', () => {
    expect(toAuditQuery({ service: '', actor: ' ', action: '', entity_id: '', range: null }, 1, 20)).toEqual({ page: 1, page_size: 20 })
    const from = new Date('2021-07-10T00:00:00+08:00')
    const to = new Date('2021-07-10T23:59:59+08:00')
    const query = toAuditQuery({ service: 'gateway', actor: 'admin', action: 'user', entity_id: '12', range: [from, to] }, 2, 50)
    expect(query).toMatchObject({ page: 2, page_size: 50, service: 'gateway', actor: 'admin', action: 'user.', entity_id: '12' })
    expect(new Date(query.from as string).getTime()).toBe(from.getTime())
    expect(new Date(query.to as string).getTime()).toBe(to.getTime())
    expect(query.from).toMatch(/[+-]\d\d:\d\d$/)
  })
})
