import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { defineComponent, h, ref } from 'vue'
import { ElForm, ElMessageBox } from 'element-plus'
import { i18n } from '@/locales'
import { ApiError } from '@/utils/http'
import { useRecordDialog, type RecordDialog } from '@/utils/record-dialog'

interface Model {
  name: string
  tags: string[]
}
interface Rec {
  id: number
  version: number
  name: string
  tags: string[]
}

function problem(status: number, errors: { field: string; message: string }[] = []): ApiError {
  return new ApiError({ kind: 'problem', status, message: 'x', problem: { type: 'about:blank', title: 'x', status, errors } as never })
}

type Create = (model: Model, key: string) => Promise<unknown>
type Update = (record: Rec, changes: Partial<Model>) => Promise<unknown>

function harness(record: Rec | null, calls: { create: Create; update: Update }) {
  const open = ref(false)
  const saved = vi.fn()
  let dialog!: RecordDialog<Model>
  const Comp = defineComponent({
    setup() {
      dialog = useRecordDialog({
        open: () => open.value,
        close: () => (open.value = false),
        record: () => record,
        empty: () => ({ name: '', tags: [] }),
        fromRecord: (r: Rec) => ({ name: r.name, tags: r.tags }),
        fields: ['name', 'tags'],
        create: calls.create,
        changes: (o: Model, m: Model): Partial<Model> => (o.name === m.name ? {} : { name: m.name }),
        update: calls.update,
        saved,
        copy: (m) => ({ ...m, tags: [...m.tags] })
      })
      return () => h(ElForm, { ref: 'formRef', model: dialog.form })
    }
  })
  const wrapper = mount(Comp, { global: { plugins: [i18n] } })
  return { wrapper, open, saved, dialog: () => dialog }
}

afterEach(() => vi.restoreAllMocks())

describe('useRecordDialog', () => {
  it('keeps the idempotency key for a retry of an unanswered create and spends it on an answer', async () => {
    const create = vi
      .fn<Create>()
      .mockRejectedValueOnce(new ApiError({ kind: 'network', message: 'offline' }))
      .mockRejectedValueOnce(problem(422, [{ field: 'name', message: '名称已存在' }]))
      .mockResolvedValueOnce({ id: 1 })
    const { open, saved, dialog } = harness(null, { create, update: vi.fn<Update>() })
    open.value = true
    await flushPromises()
    dialog().form.name = '甲'
    await dialog().submit()
    await dialog().submit()
    expect(create.mock.calls[0][1]).toBe(create.mock.calls[1][1])
    expect(dialog().server.fields.name).toBe('名称已存在')
    expect(open.value).toBe(true)
    await dialog().submit()
    expect(create.mock.calls[2][1]).not.toBe(create.mock.calls[1][1])
    expect(saved).toHaveBeenCalledTimes(1)
    expect(open.value).toBe(false)
  })

  it('sends only the changes of an edit and nothing when nothing changed', async () => {
    const update = vi.fn<Update>().mockResolvedValue({})
    const rec = { id: 5, version: 3, name: '乙', tags: ['a'] }
    const { open, saved, dialog } = harness(rec, { create: vi.fn<Create>(), update })
    open.value = true
    await flushPromises()
    expect(dialog().form.name).toBe('乙')
    await dialog().submit()
    expect(update).not.toHaveBeenCalled()
    expect(saved).toHaveBeenCalledTimes(1)
    open.value = true
    await flushPromises()
    dialog().form.name = '丙'
    dialog().form.tags.push('b')
    expect(dialog().original.value.tags).toEqual(['a'])
    await dialog().submit()
    expect(update).toHaveBeenCalledWith(rec, { name: '丙' })
  })

  it('warns on a 412 and reloads the list instead of overwriting', async () => {
    const alert = vi.spyOn(ElMessageBox, 'alert').mockResolvedValue('confirm' as never)
    const update = vi.fn<Update>().mockRejectedValue(problem(412))
    const { open, saved, dialog } = harness({ id: 5, version: 3, name: '乙', tags: [] }, { create: vi.fn<Create>(), update })
    open.value = true
    await flushPromises()
    dialog().form.name = '丁'
    await dialog().submit()
    expect(alert).toHaveBeenCalledTimes(1)
    expect(saved).toHaveBeenCalledTimes(1)
    expect(open.value).toBe(false)
    expect(dialog().submitting.value).toBe(false)
  })
})
