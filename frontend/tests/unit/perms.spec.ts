import { describe, expect, it } from 'vitest'
import { defineComponent, h, withDirectives } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { perms } from '@/directives/perms'
import { usePermissionStore } from '@/store/modules/permission'

function render(value: string | string[]) {
  const Comp = defineComponent({
    setup: () => () => h('div', [withDirectives(h('button', { id: 'guarded' }, 'x'), [[perms, value]]), h('span', { id: 'other' })])
  })
  return mount(Comp)
}

describe('v-perms', () => {
  it('keeps the element when the user holds one of the permissions', () => {
    setActivePinia(createPinia())
    usePermissionStore().setAccess({ permissions: ['system:user:create'] })
    expect(render('system:user:create').find('#guarded').exists()).toBe(true)
    expect(render(['x:y:z', 'system:user:create']).find('#guarded').exists()).toBe(true)
  })

  it('removes the element otherwise, leaving its siblings', () => {
    setActivePinia(createPinia())
    usePermissionStore().setAccess({ permissions: ['enterprise:enterprise:list'] })
    const wrapper = render('enterprise:enterprise:create')
    expect(wrapper.find('#guarded').exists()).toBe(false)
    expect(wrapper.find('#other').exists()).toBe(true)
  })

  it('refuses a missing value instead of silently showing the element', () => {
    setActivePinia(createPinia())
    expect(() => render(undefined as unknown as string)).toThrow(/v-perms/)
  })
})
