import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { i18n } from '@/locales'
import PeriodControl from '@/components/PeriodControl/index.vue'
import PeriodPicker from '@/components/PeriodPicker/index.vue'
import { FIGURE_PERIOD_KINDS, figurePeriod } from '@/utils/period'

const global = { plugins: [i18n, ElementPlus] }

describe('the period control of the figures pages', () => {
  it('opens on the current year and keeps a year, quarter or month it is given', () => {
    const today = new Date(2026, 11, 6)
    expect(figurePeriod(null, today)).toBe('2026')
    expect(figurePeriod('', today)).toBe('2026')
    expect(figurePeriod('2021', today)).toBe('2021')
    expect(figurePeriod('2021-q3', today)).toBe('2021-Q3')
    expect(figurePeriod('2021-07', today)).toBe('2021-07')
    // Kinds the control does not offer (a link with a YTD or custom period, or nonsense) open on the current year.
    expect(figurePeriod('2021-07-YTD', today)).toBe('2026')
    expect(figurePeriod('2021-03-01..2021-06-30', today)).toBe('2026')
    expect(figurePeriod('2021-13', today)).toBe('2026')
  })

  it('offers year, quarter and month only, and shows the current year when given nothing', () => {
    const wrapper = mount(PeriodControl, { props: { modelValue: null }, global })
    const picker = wrapper.findComponent(PeriodPicker)
    expect(picker.props('kinds')).toEqual(FIGURE_PERIOD_KINDS)
    expect(FIGURE_PERIOD_KINDS).toEqual(['year', 'quarter', 'month'])
    expect(picker.props('modelValue')).toBe(String(new Date().getFullYear()))
  })

  it('passes the period on as the API reads it when the user picks another', async () => {
    const wrapper = mount(PeriodControl, { props: { modelValue: '2021' }, global })
    const picker = wrapper.findComponent(PeriodPicker)
    expect(picker.props('modelValue')).toBe('2021')
    picker.vm.$emit('update:modelValue', '2021-Q3')
    await wrapper.vm.$nextTick()
    expect(wrapper.emitted('update:modelValue')).toEqual([['2021-Q3']])
    expect(wrapper.emitted('change')).toEqual([['2021-Q3']])
    // A cleared or unreadable value falls back to the current year, never to nothing: the pages always ask for one.
    picker.vm.$emit('update:modelValue', null)
    expect(wrapper.emitted('change')?.[1]).toEqual([String(new Date().getFullYear())])
  })
})
