import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'

vi.mock('@/api/notices', async (original) => ({
  ...(await original<typeof import('@/api/notices')>()),
  myNotices: vi.fn(),
  markNoticeRead: vi.fn(async (id: number) => ({ notice_id: id, read_at: '2026-12-06T10:00:00+08:00' }))
}))

const api = await import('@/api/notices')
const { i18n } = await import('@/locales')
const { emptyForm, formOf, statusTag, toNoticeBody } = await import('@/views/system/notices/utils/hook')
const SignInNotices = (await import('@/components/NoticeView/SignInNotices.vue')).default

const UNREAD = {
  id: 7,
  title: '关于开展企业走访的通知',
  body: '第一行\n<script>alert(1)</script>',
  pinned: true,
  published_at: '2026-12-06T09:00:00+08:00',
  author_name: '系统管理员',
  attachments: [],
  read_at: null,
  unread: true
}

describe('notices (通知公告)', () => {
  it('turns the editor model into a request body and back', () => {
    const form = { ...emptyForm(), title: '  标题  ', body: '正文', pinned: true, role_codes: ['county_officer'], user_ids: [3] }
    expect(toNoticeBody(form)).toEqual({
      title: '标题',
      body: '正文',
      pinned: true,
      audience: { role_codes: ['county_officer'], region_codes: [], user_ids: [3] }
    })
    const stored = { title: 'T', body: 'B', pinned: false, audience: { role_codes: [], region_codes: ['411522'], user_ids: [] } }
    expect(formOf(stored as never)).toEqual({ title: 'T', body: 'B', pinned: false, role_codes: [], region_codes: ['411522'], user_ids: [] })
  })

  it('reads the rate as a percentage and colours the status', () => {
    expect(api.ratePercent({ rate: 0.5 })).toBe(50)
    expect(api.ratePercent({ rate: 0.3333 })).toBe(33)
    expect(statusTag('draft')).toBe('info')
    expect(statusTag('published')).toBe('success')
    expect(statusTag('withdrawn')).toBe('warning')
  })

  describe('the sign-in dialog', () => {
    beforeEach(() => {
      vi.mocked(api.markNoticeRead).mockClear()
      document.body.innerHTML = ''
    })

    it('shows unread notices as plain text and marks them read when acknowledged', async () => {
      vi.mocked(api.myNotices).mockResolvedValue({ items: [UNREAD], total: 1, total_exact: true, page: 1, page_size: 20 })
      const wrapper = mount(SignInNotices, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
      await flushPromises()
      expect(api.myNotices).toHaveBeenCalledWith({ unread: true, page: 1, page_size: 20 })
      const dialog = document.querySelector('[data-testid="sign-in-notices"]')!
      expect(dialog.textContent).toContain('关于开展企业走访的通知')
      // the body is text: the markup shows as written and no element is made of it
      expect(dialog.textContent).toContain('<script>alert(1)</script>')
      expect(dialog.querySelector('.notice-card__body script')).toBeNull()
      ;(document.querySelector('[data-testid="sign-in-notices-confirm"]') as HTMLButtonElement).click()
      await flushPromises()
      expect(api.markNoticeRead).toHaveBeenCalledWith(7)
      wrapper.unmount()
    })

    it('stays closed when nothing is unread', async () => {
      vi.mocked(api.myNotices).mockResolvedValue({ items: [], total: 0, total_exact: true, page: 1, page_size: 20 })
      const wrapper = mount(SignInNotices, { global: { plugins: [i18n, ElementPlus] }, attachTo: document.body })
      await flushPromises()
      expect(document.querySelector('[data-testid="sign-in-notices-confirm"]')).toBeNull()
      expect(api.markNoticeRead).not.toHaveBeenCalled()
      wrapper.unmount()
    })
  })
})
