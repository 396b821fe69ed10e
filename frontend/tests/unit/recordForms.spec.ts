/** Dialogs on the shared record dialog: what a create and an edit send (only the changes, with the version read). */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus, { ElMessage } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'

vi.mock('@/api/investment', async (original) => ({
  ...(await original<typeof import('@/api/investment')>()),
  createChain: vi.fn(),
  updateChain: vi.fn(),
  createRound: vi.fn(),
  updateRound: vi.fn()
}))
vi.mock('@/api/knowledge', async (original) => ({
  ...(await original<typeof import('@/api/knowledge')>()),
  createKnowledge: vi.fn(),
  updateKnowledge: vi.fn()
}))
vi.mock('@/api/notices', async (original) => ({
  ...(await original<typeof import('@/api/notices')>()),
  createNotice: vi.fn(),
  updateNotice: vi.fn()
}))
// What the dialogs load on opening (choices, the region tree): nothing here.
vi.mock('@/api/cases', async (original) => ({ ...(await original<typeof import('@/api/cases')>()), listCategories: vi.fn(async () => []) }))
vi.mock('@/api/campaign', async (original) => ({
  ...(await original<typeof import('@/api/campaign')>()),
  listPolicies: vi.fn(async () => ({ items: [], total: 0, page: 1, page_size: 100 }))
}))
vi.mock('@/api/system', async (original) => ({
  ...(await original<typeof import('@/api/system')>()),
  listRoles: vi.fn(async () => []),
  systemRegions: vi.fn(async () => []),
  regionTree: vi.fn(async () => [])
}))

const investment = await import('@/api/investment')
const knowledge = await import('@/api/knowledge')
const notices = await import('@/api/notices')
const { i18n } = await import('@/locales')
const ChainForm = (await import('@/views/investment/industry-chains/form.vue')).default
const RoundForm = (await import('@/views/investment/rounds/form.vue')).default
const KnowledgeForm = (await import('@/views/knowledge/form.vue')).default
const NoticeForm = (await import('@/views/system/notices/form.vue')).default

type Chain = import('@/api/investment').Chain
type Round = import('@/api/investment').Round
type KnowledgeEntry = import('@/api/knowledge').KnowledgeEntry
type Notice = import('@/api/notices').Notice

const CHAIN: Chain = {
  id: 4,
  version: 7,
  code: 'green_food',
  name: '绿色食品',
  industry: '食品',
  is_leading: true,
  sort_order: 10,
  is_active: true,
  editable: true,
  level: 'city',
  region_code: '411500',
  region_name: '信阳市',
  updated_at: '2026-12-01T09:00:00+08:00'
}

const NONE = { count: 0, contracted_investment_wan_yuan: '0' }
const ROUND: Round = {
  id: 9,
  version: 2,
  number: 3,
  held_on: '2026-11-20',
  venue: '信阳市分会场',
  kind: 'city',
  title: null,
  notes: null,
  code_pattern: null,
  editable: true,
  level: 'city',
  region_code: '411500',
  region_name: '信阳市',
  signed: NONE,
  started: NONE,
  in_production: NONE,
  created_at: '2026-11-01T09:00:00+08:00',
  updated_at: '2026-11-01T09:00:00+08:00'
}

const ENTRY: KnowledgeEntry = {
  id: 12,
  version: 3,
  question: '出口退税多久到账？',
  answer: '资料齐全的，一般5个工作日内办结。',
  category_code: 'tax',
  category_name: '税费',
  tags: ['退税'],
  policy_ids: [],
  policies: [],
  region_code: '411500',
  region_name: '信阳市',
  source_case_id: null,
  status: 'draft',
  status_label: '草稿',
  editable: true,
  published_at: null,
  created_at: '2026-12-01T09:00:00+08:00',
  updated_at: '2026-12-01T09:00:00+08:00'
}

function notice(version: number, title: string): Notice {
  return {
    id: 30,
    version,
    title,
    body: '正文',
    pinned: false,
    audience: { role_codes: [], role_names: [], region_codes: [], region_names: [], user_ids: [], user_names: [] },
    attachments: [],
    author_name: '系统管理员',
    status: 'draft',
    region_code: '411500',
    read_rate: { addressed: 2, read: 0, rate: 0 },
    published_at: null,
    withdrawn_at: null,
    created_at: '2026-12-06T09:00:00+08:00',
    updated_at: '2026-12-06T09:00:00+08:00'
  }
}

const global = () => ({ plugins: [i18n, ElementPlus], stubs: { RouterLink: true } })

/** The text box of the form item labelled `label`. */
function field(wrapper: VueWrapper, label: string) {
  const item = wrapper.findAll('.el-form-item').find((i) => i.find('.el-form-item__label').text() === label)
  if (!item) throw new Error(`no form item ${label}`)
  return item.find('input, textarea')
}

async function click(wrapper: VueWrapper, text: string): Promise<void> {
  const button = wrapper.findAll('button').find((b) => b.text() === text)
  if (!button) throw new Error(`no button ${text}`)
  await button.trigger('click')
  await flushPromises()
}

async function open(wrapper: VueWrapper): Promise<void> {
  await wrapper.setProps({ modelValue: true })
  await flushPromises()
}

beforeEach(() => {
  setActivePinia(createPinia())
  vi.clearAllMocks()
})

describe('the industry-chain dialog', () => {
  it('sends only the changed field with the version it read, and nothing when nothing changed', async () => {
    vi.mocked(investment.updateChain).mockResolvedValue({ ...CHAIN, name: '绿色食品加工', version: 8 })
    const wrapper = mount(ChainForm, { props: { modelValue: false, record: CHAIN }, global: global() })
    await open(wrapper)
    await click(wrapper, '保存')
    expect(investment.updateChain).not.toHaveBeenCalled()
    expect(wrapper.emitted('saved')).toHaveLength(1)

    await wrapper.setProps({ modelValue: false })
    await open(wrapper)
    await field(wrapper, '名称').setValue('绿色食品加工')
    await click(wrapper, '保存')
    expect(investment.updateChain).toHaveBeenCalledExactlyOnceWith(4, 7, { name: '绿色食品加工' })
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })

  it('creates with an idempotency key and its own message', async () => {
    const success = vi.spyOn(ElMessage, 'success')
    vi.mocked(investment.createChain).mockResolvedValue(CHAIN)
    const wrapper = mount(ChainForm, { props: { modelValue: false, record: null }, global: global() })
    await open(wrapper)
    await field(wrapper, '编码').setValue(' green_food ')
    await field(wrapper, '名称').setValue('绿色食品')
    await click(wrapper, '保存')
    const [body, key] = vi.mocked(investment.createChain).mock.calls[0]
    expect(body).toEqual({ code: 'green_food', name: '绿色食品', industry: null, is_leading: false, sort_order: 0 })
    expect(key).toMatch(/\S{8,}/)
    expect(success).toHaveBeenCalledWith('产业链已新增')
  })
})

describe('the round dialog', () => {
  it('numbers a new round after the last one', async () => {
    const wrapper = mount(RoundForm, { props: { modelValue: false, record: null, nextNumber: 3 }, global: global() })
    await open(wrapper)
    expect((field(wrapper, '期数').element as HTMLInputElement).value).toBe('3')
  })

  it('sends an edit of the venue alone, with the version it read', async () => {
    vi.mocked(investment.updateRound).mockResolvedValue({ ...ROUND, venue: '信阳市主会场', version: 3 })
    const wrapper = mount(RoundForm, { props: { modelValue: false, record: ROUND, nextNumber: 4 }, global: global() })
    await open(wrapper)
    await field(wrapper, '举办地点').setValue('信阳市主会场')
    await click(wrapper, '保存')
    expect(investment.updateRound).toHaveBeenCalledExactlyOnceWith(9, 2, { venue: '信阳市主会场' })
    expect(wrapper.emitted('saved')?.[0]).toEqual([{ ...ROUND, venue: '信阳市主会场', version: 3 }])
  })
})

describe('the knowledge dialog', () => {
  it('publishing an unchanged draft sends the status alone, with the version read', async () => {
    vi.mocked(knowledge.updateKnowledge).mockResolvedValue({ ...ENTRY, status: 'published', version: 4 })
    const wrapper = mount(KnowledgeForm, { props: { modelValue: false, entry: ENTRY }, global: global() })
    await open(wrapper)
    await click(wrapper, '保存并发布')
    expect(knowledge.updateKnowledge).toHaveBeenCalledExactlyOnceWith(ENTRY, { status: 'published' })
    expect(wrapper.emitted('saved')?.[0]).toEqual([{ ...ENTRY, status: 'published', version: 4 }])
  })
})

describe('the notice dialog', () => {
  it('stays open on the saved draft, whose next edit sends only the change with the new version', async () => {
    const created = notice(1, '关于开展企业走访的通知')
    vi.mocked(notices.createNotice).mockResolvedValue(created)
    vi.mocked(notices.updateNotice).mockResolvedValue(notice(2, '关于开展重点企业走访的通知'))
    const wrapper = mount(NoticeForm, { props: { modelValue: false, notice: null }, global: global() })
    await open(wrapper)
    await field(wrapper, '标题').setValue('关于开展企业走访的通知')
    await field(wrapper, '正文').setValue('正文')
    await click(wrapper, '保存草稿')
    expect(vi.mocked(notices.createNotice).mock.calls[0][0]).toEqual({
      title: '关于开展企业走访的通知',
      body: '正文',
      pinned: false,
      audience: { role_codes: [], region_codes: [], user_ids: [] }
    })
    expect(wrapper.emitted('saved')?.[0]).toEqual([created])
    expect(wrapper.emitted('update:modelValue')).toBeUndefined()

    await field(wrapper, '标题').setValue('关于开展重点企业走访的通知')
    await click(wrapper, '保存草稿')
    expect(notices.updateNotice).toHaveBeenCalledExactlyOnceWith(30, 1, { title: '关于开展重点企业走访的通知' })
    expect(notices.createNotice).toHaveBeenCalledTimes(1)
  })
})
