import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { ApiError } from '@/utils/http'

vi.mock('@/api/revisit', () => ({ getRevisitLink: vi.fn(), submitRevisit: vi.fn() }))

const api = await import('@/api/revisit')
const { i18n } = await import('@/locales')
const { routes } = await import('@/router/routes')
const { decideNavigation } = await import('@/router/utils')
const RevisitPage = (await import('@/views/revisit/index.vue')).default

const LINK = {
  state: 'valid',
  expires_at: '2026-12-14T05:38:00Z',
  case: {
    case_no: 'SQ20260000077',
    title: '厂区道路接入市政管网协调',
    enterprise_name: '光山县大别山茶业有限公司',
    lead_unit_name: '市自然资源和规划局',
    resolved_at: '2026-12-07T05:38:00Z',
    result: '已协调住建部门完成管网接入审批。'
  },
  satisfaction: null,
  satisfaction_comment: null,
  choices: [
    { code: 'satisfied', label: '满意' },
    { code: 'basically_satisfied', label: '基本满意' },
    { code: 'dissatisfied', label: '不满意' }
  ]
} as const

async function mountPage() {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/m/revisit/:token', component: RevisitPage }] })
  await router.push('/m/revisit/tok-123')
  await router.isReady()
  const wrapper = mount(RevisitPage, { global: { plugins: [i18n, router, ElementPlus] } })
  await flushPromises()
  return wrapper
}

describe('the revisit page', () => {
  it('is public: the guard lets it through without a session', () => {
    const route = routes.find((r) => r.path === '/m/revisit/:token')
    expect(route?.meta?.public).toBe(true)
    const decision = decideNavigation(
      { path: '/m/revisit/abc', fullPath: '/m/revisit/abc', public: true, perms: undefined },
      { hasSession: false, mustChangePassword: false, hasPermission: () => false, homePath: null }
    )
    expect(decision.action).toBe('allow')
  })

  it('shows the case, asks for a choice first, then rates once with the comment', async () => {
    vi.mocked(api.getRevisitLink).mockResolvedValue(structuredClone(LINK) as never)
    vi.mocked(api.submitRevisit).mockResolvedValue({ ...structuredClone(LINK), state: 'used', satisfaction: 'satisfied' } as never)
    const wrapper = await mountPage()
    expect(api.getRevisitLink).toHaveBeenCalledWith('tok-123')
    expect(wrapper.get('[data-testid="revisit-case"]').text()).toContain('SQ20260000077')
    expect(wrapper.findAll('[data-testid^="revisit-choice-"]').map((b) => b.text())).toEqual(['满意', '基本满意', '不满意'])
    await wrapper.get('[data-testid="revisit-submit"]').trigger('click')
    expect(wrapper.get('[data-testid="revisit-error-satisfaction"]').text()).toBe('请先选择满意程度')
    expect(api.submitRevisit).not.toHaveBeenCalled()
    await wrapper.get('[data-testid="revisit-choice-satisfied"]').trigger('click')
    await wrapper.get('textarea').setValue('  办理及时  ')
    await wrapper.get('[data-testid="revisit-submit"]').trigger('click')
    await flushPromises()
    expect(api.submitRevisit).toHaveBeenCalledWith('tok-123', { satisfaction: 'satisfied', comment: '办理及时' })
    expect(wrapper.get('[data-testid="revisit-done"]').text()).toContain('感谢您的评价')
  })

  it('says a used or expired link plainly', async () => {
    vi.mocked(api.getRevisitLink).mockResolvedValue({ ...structuredClone(LINK), state: 'expired' } as never)
    const expired = await mountPage()
    expect(expired.get('[data-testid="revisit-gone"]').text()).toContain('链接已过期')
    expect(expired.find('[data-testid="revisit-form"]').exists()).toBe(false)

    vi.mocked(api.getRevisitLink).mockResolvedValue(structuredClone(LINK) as never)
    vi.mocked(api.submitRevisit).mockRejectedValue(
      new ApiError({ kind: 'problem', status: 410, message: '链接已使用', problem: { status: 410, state: 'used' } })
    )
    const raced = await mountPage()
    await raced.get('[data-testid="revisit-choice-dissatisfied"]').trigger('click')
    await raced.get('[data-testid="revisit-submit"]').trigger('click')
    await flushPromises()
    expect(raced.get('[data-testid="revisit-gone"]').attributes('data-state')).toBe('used')
    expect(raced.get('[data-testid="revisit-gone"]').text()).toContain('链接已使用')
  })

  it('answers an unknown link', async () => {
    vi.mocked(api.getRevisitLink).mockRejectedValue(new ApiError({ kind: 'problem', status: 404, message: '链接不存在' }))
    const wrapper = await mountPage()
    expect(wrapper.get('[data-testid="revisit-missing"]').text()).toContain('链接无效')
  })
})
