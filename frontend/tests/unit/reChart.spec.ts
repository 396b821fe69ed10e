import { describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import { i18n } from '@/locales'

const fakeChart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() }
vi.mock('@/components/ReChart/echarts', () => ({ echarts: { init: vi.fn(() => fakeChart) } }))
const { echarts } = await import('@/components/ReChart/echarts')
const ReChart = (await import('@/components/ReChart/index.vue')).default

const global = { plugins: [i18n], directives: { loading: {} } }

describe('ReChart', () => {
  it('draws the option, follows window resizes and disposes the chart on unmount', async () => {
    const option = { series: [{ type: 'bar', data: [1, 2] }] }
    const wrapper = mount(ReChart, { props: { option }, global, attachTo: document.body })
    expect(echarts.init).toHaveBeenCalledTimes(1)
    expect(fakeChart.setOption).toHaveBeenCalledWith(option, { notMerge: true })
    window.dispatchEvent(new Event('resize'))
    expect(fakeChart.resize).toHaveBeenCalled()
    wrapper.unmount()
    expect(fakeChart.dispose).toHaveBeenCalledTimes(1)
  })

  it('shows a readable empty state instead of an empty chart', async () => {
    vi.mocked(echarts.init).mockClear()
    const wrapper = mount(ReChart, { props: { option: {}, empty: true, emptyHint: '录入企业后显示' }, global })
    expect(wrapper.find('[data-testid="chart-empty"]').text()).toContain('暂无统计数据')
    expect(wrapper.text()).toContain('录入企业后显示')
    expect(echarts.init).not.toHaveBeenCalled()
    await wrapper.setProps({ empty: false, option: { series: [] } })
    await nextTick()
    await nextTick()
    expect(echarts.init).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-testid="chart-empty"]').exists()).toBe(false)
  })
})
