import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'
import { deferred } from './fakeBackend'

vi.mock('@/api/auth', () => ({
  login: vi.fn(),
  logout: vi.fn(),
  fetchMe: vi.fn(),
  changePassword: vi.fn()
}))
// The 业务字典 loads after sign-in; these tests are about the sign-in request alone.
vi.mock('@/api/enumerations', () => ({ listEnumerations: vi.fn(async () => []) }))

const authApi = await import('@/api/auth')
const { i18n } = await import('@/locales')
const { singleFlight } = await import('@/views/login/utils/singleFlight')
const LoginPage = (await import('@/views/login/index.vue')).default

const ME = {
  user: {
    id: 7,
    username: 'guangshan',
    display_name: '陈志强',
    region_code: '411522',
    region_name: '光山县',
    unit_id: null,
    unit_name: null,
    enterprise_uscc: null,
    must_change_password: false,
    password_expired: false
  },
  roles: [],
  permissions: [],
  data_scopes: [],
  menus: []
}
const PAIR = {
  access_token: 'a',
  refresh_token: 'r',
  token_type: 'bearer' as const,
  expires_in: 900,
  must_change_password: false,
  password_expired: false
}

async function mountLogin() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', component: LoginPage },
      { path: '/welcome', component: { template: '<p>welcome</p>' } },
      { path: '/password', component: { template: '<p>password</p>' } }
    ]
  })
  await router.push('/login')
  await router.isReady()
  const wrapper = mount(LoginPage, { global: { plugins: [i18n, router, ElementPlus] }, attachTo: document.body })
  await wrapper.find('input[data-testid="login-username"]').setValue('guangshan')
  await wrapper.find('input[data-testid="login-password"]').setValue('Demo@2021pass')
  return { wrapper, router }
}

describe('the sign-in form sends one request per submission', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(authApi.login).mockReset()
    vi.mocked(authApi.fetchMe).mockReset().mockResolvedValue(ME)
  })

  it('Enter and a click on the button together sign in once', async () => {
    const answer = deferred<typeof PAIR>()
    vi.mocked(authApi.login).mockReturnValue(answer.promise)
    const { wrapper, router } = await mountLogin()
    const password = wrapper.find('input[data-testid="login-password"]')
    await password.trigger('keyup', { key: 'Enter' })
    await wrapper.find('form').trigger('submit')
    await wrapper.find('[data-testid="login-submit"]').trigger('click')
    await flushPromises()
    expect(authApi.login).toHaveBeenCalledTimes(1)
    answer.resolve(PAIR)
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/welcome')
    wrapper.unmount()
  })

  it('Enter pressed twice while the first sign-in runs signs in once', async () => {
    const answer = deferred<typeof PAIR>()
    vi.mocked(authApi.login).mockReturnValue(answer.promise)
    const { wrapper } = await mountLogin()
    const password = wrapper.find('input[data-testid="login-password"]')
    await password.trigger('keyup', { key: 'Enter' })
    await password.trigger('keyup', { key: 'Enter' })
    await flushPromises()
    await password.trigger('keyup', { key: 'Enter' })
    await flushPromises()
    expect(authApi.login).toHaveBeenCalledTimes(1)
    answer.resolve(PAIR)
    await flushPromises()
    wrapper.unmount()
  })

  it('a new submission after a failed one sends a new request', async () => {
    vi.mocked(authApi.login).mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce(PAIR)
    const { wrapper } = await mountLogin()
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(authApi.login).toHaveBeenCalledTimes(1)
    await wrapper.find('input[data-testid="login-password"]').setValue('Demo@2021pass')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(authApi.login).toHaveBeenCalledTimes(2)
    wrapper.unmount()
  })

  it('an expired password leads to the password page', async () => {
    vi.mocked(authApi.login).mockResolvedValue({ ...PAIR, must_change_password: true, password_expired: true })
    vi.mocked(authApi.fetchMe).mockResolvedValue({
      ...ME,
      user: { ...ME.user, must_change_password: true, password_expired: true }
    })
    const { wrapper, router } = await mountLogin()
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/password')
    wrapper.unmount()
  })
})

describe('singleFlight', () => {
  it('joins calls while a run is in flight and starts afresh after it', async () => {
    let runs = 0
    const gate = deferred<number>()
    const once = singleFlight(async () => {
      runs += 1
      return gate.promise
    })
    const first = once()
    const second = once()
    expect(second).toBe(first)
    gate.resolve(5)
    expect(await first).toBe(5)
    await once()
    expect(runs).toBe(2)
  })
})
