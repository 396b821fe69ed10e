import { beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { i18n } from '@/locales'
import { useAppStore } from '@/store/modules/app'
import PagePager from '@/components/PagePager.vue'
import VisitCards from '@/views/visits/components/VisitCards.vue'
import type { Visit } from '@/api/campaign'

let pinia: ReturnType<typeof createPinia>

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  useAppStore().updateViewport(375)
})

const global = () => ({ plugins: [i18n, ElementPlus, pinia] })

function pagerText(page: number, total: number): string[] {
  const wrapper = mount(PagePager, { props: { page, pageSize: 10, total }, global: global() })
  return wrapper.findAll('.phone-pager__btn, .phone-pager__gap').map((b) => b.text())
}

describe('the phone pager', () => {
  it('shows the total, ‹, the pages around the current one with the first and last, and ›', () => {
    expect(pagerText(1, 30)).toEqual(['‹', '1', '2', '3', '›'])
    expect(pagerText(1, 200)).toEqual(['‹', '1', '2', '3', '4', '…', '20', '›'])
    expect(pagerText(10, 200)).toEqual(['‹', '1', '…', '9', '10', '11', '…', '20', '›'])
    expect(pagerText(20, 200)).toEqual(['‹', '1', '…', '17', '18', '19', '20', '›'])
    expect(pagerText(1, 0)).toEqual(['‹', '1', '›'])
  })

  it('says a total past the counting limit is a lower bound, on a phone and on a wide screen', async () => {
    const phone = mount(PagePager, { props: { page: 1, pageSize: 20, total: 10000, exact: false }, global: global() })
    expect(phone.get('[data-testid="pager-total"]').text()).toBe('共 10000+ 条（已达计数上限，请缩小筛选范围）')
    const exact = mount(PagePager, { props: { page: 1, pageSize: 20, total: 9876 }, global: global() })
    expect(exact.get('[data-testid="pager-total"]').text()).toBe('共 9876 条')
    useAppStore().updateViewport(1280)
    const wide = mount(PagePager, { props: { page: 1, pageSize: 20, total: 10000, exact: false }, global: global(), attachTo: document.body })
    await new Promise((r) => setTimeout(r, 0))
    await vi.dynamicImportSettled()
    await wide.vm.$nextTick()
    expect(wide.get('[data-testid="pager-total"]').text()).toBe('共 10000+ 条（已达计数上限，请缩小筛选范围）')
    wide.unmount()
  })

  it('asks for the page tapped, and not past either end', async () => {
    const wrapper = mount(PagePager, { props: { page: 1, pageSize: 10, total: 25 }, global: global() })
    expect(wrapper.text()).toContain('共 25 条')
    const buttons = wrapper.findAll('.phone-pager__btn')
    await buttons[0].trigger('click')
    await buttons[3].trigger('click')
    await buttons[4].trigger('click')
    expect(wrapper.emitted('current-change')).toEqual([[3], [2]])
  })
})

describe('the visit cards', () => {
  const visit = {
    id: 7,
    version: 1,
    visit_date: '2026-02-14',
    enterprise_uscc: '91411500MA00000001',
    enterprise: { name: '光山县大别山茶业有限公司' },
    visitors: ['赵春华', '周建国'],
    notes: '厂房屋顶漏雨',
    problems: [
      { id: 1, seq: 1, description: '屋顶漏雨影响生产', case_id: null },
      { id: 2, seq: 2, description: '道路失修', case_id: 31 }
    ],
    problem_count: 2,
    case_count: 1
  } as unknown as Visit

  it('shows what the table shows and, tapped, the problems with 转为诉求 and 查看诉求', async () => {
    const wrapper = mount(VisitCards, { props: { rows: [visit], loading: false, canManage: true, canToCase: true }, global: global() })
    expect(wrapper.text()).toContain('光山县大别山茶业有限公司')
    expect(wrapper.text()).toContain('2026-02-14 · 问题数 2 / 已转 1')
    expect(wrapper.text()).toContain('赵春华、周建国')
    expect(wrapper.findAll('[data-testid="visit-problem-row"]')).toHaveLength(0)
    await wrapper.find('.visit-card__head').trigger('click')
    const rows = wrapper.findAll('[data-testid="visit-problem-row"]')
    expect(rows).toHaveLength(2)
    expect(wrapper.text()).toContain('厂房屋顶漏雨')
    await rows[0].find('[data-testid="visit-to-case"]').trigger('click')
    expect(wrapper.emitted('to-case')?.[0]).toEqual([visit, visit.problems[0]])
    await rows[1].find('button').trigger('click')
    expect(wrapper.emitted('open-case')).toEqual([[31]])
    const actions = wrapper.findAll('.visit-card__actions button')
    await actions[0].trigger('click')
    await actions[1].trigger('click')
    expect(wrapper.emitted('edit')).toEqual([[visit]])
    expect(wrapper.emitted('remove')).toEqual([[visit]])
  })

  it('offers no edits to a reader', () => {
    const wrapper = mount(VisitCards, { props: { rows: [visit], loading: false, canManage: false, canToCase: false }, global: global() })
    expect(wrapper.find('.visit-card__actions').exists()).toBe(false)
  })
})
