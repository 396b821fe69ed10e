import { loadDefaultDictionary } from './dictionary'
import { dictLabel } from '@/store/modules/dictionary'
import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import type { CaseDetail, CaseAction } from '@/api/cases'
import { ACTION_FIELDS, REQUIRED_FIELDS, actionBody, actionButtonType, emptyActionForm, extensionDays, formFieldOf, orderedActions } from '@/views/cases/utils/actions'
import { checkAttachment, formatSize } from '@/views/cases/utils/attachments'
import { caseCreateBody, emptyCaseForm, toQuery, toSortParam, emptySearch } from '@/views/cases/utils/hook'
import { progressOf } from '@/views/cases/utils/progress'
import { timelineDetails } from '@/views/cases/utils/timeline'
import { caseTimers, relativeDue, relativeDueText, rowDueText, timerStatus } from '@/views/cases/utils/timers'
import { WARNING_STYLES, isAlarming, stateTagType, warningRowClass, warningStyle } from '@/views/cases/utils/warning'

const t = (key: string, named?: Record<string, unknown>) => (named ? i18n.global.t(key, named) : i18n.global.t(key))
const HOUR = 3_600_000
const DAY = 24 * HOUR
const NOW = Date.parse('2021-07-10T02:00:00Z')
const at = (offset: number) => new Date(NOW + offset).toISOString()

describe('relative 13710 due text', () => {
  it('says how long is left, rounding up to whole days', () => {
    expect(relativeDueText(relativeDue(at(7 * DAY - 60_000), NOW), t)).toBe('还剩7天')
    expect(relativeDueText(relativeDue(at(DAY + HOUR), NOW), t)).toBe('还剩2天')
    expect(relativeDueText(relativeDue(at(DAY - 1000), NOW), t)).toBe('还剩1天')
    expect(relativeDueText(relativeDue(at(5 * HOUR + 1), NOW), t)).toBe('还剩6小时')
    expect(relativeDueText(relativeDue(at(20 * 60_000), NOW), t)).toBe('不足1小时')
  })

  it('says how long it is overdue, counting whole days', () => {
    expect(relativeDueText(relativeDue(at(-2.5 * DAY), NOW), t)).toBe('已超期2天')
    expect(relativeDueText(relativeDue(at(-DAY), NOW), t)).toBe('已超期1天')
    expect(relativeDueText(relativeDue(at(-3 * HOUR - 1), NOW), t)).toBe('已超期3小时')
    expect(relativeDueText(relativeDue(at(-60_000), NOW), t)).toBe('刚刚超期')
  })

  it('judges each deadline done on time, done late, running or overdue', () => {
    expect(timerStatus(null, null, NOW)).toBe('none')
    expect(timerStatus(at(DAY), null, NOW)).toBe('running')
    expect(timerStatus(at(-DAY), null, NOW)).toBe('overdue')
    expect(timerStatus(at(-DAY), at(-2 * DAY), NOW)).toBe('done')
    expect(timerStatus(at(-DAY), at(-DAY), NOW)).toBe('done')
    expect(timerStatus(at(-2 * DAY), at(-DAY), NOW)).toBe('doneLate')
  })

  it('says 按期完成 only once the county approved the result, judged by its submission', () => {
    const pending = {
      sign_due: at(-6 * DAY),
      signed_at: at(-6.5 * DAY),
      first_feedback_due: at(-4 * DAY),
      first_feedback_at: null,
      resolve_due: at(-HOUR),
      resolved_at: null,
      result_submitted_at: at(-2 * HOUR)
    }
    expect(caseTimers(pending, NOW).map((x) => [x.key, x.status])).toEqual([
      ['sign', 'done'],
      ['feedback', 'overdue'],
      ['resolve', 'review']
    ])
    expect(t('case.timers.underReview')).toBe('已提交，待审核')
    // Approved after the deadline, submitted before it: on time, the clock stopped at the submission.
    const approved = caseTimers({ ...pending, resolved_at: at(-HOUR / 2) }, NOW)[2]
    expect([approved.status, approved.doneAt]).toEqual(['done', pending.result_submitted_at])
    expect(caseTimers({ ...pending, result_submitted_at: at(-HOUR / 2), resolved_at: at(-HOUR / 4) }, NOW)[2].status).toBe('doneLate')
  })

  it('shows a list row its countdown only while the clock runs', () => {
    const row = { state: 'IN_PROGRESS' as const, resolve_due: at(-2 * DAY - HOUR), resolved_at: null }
    expect(rowDueText(row, t, NOW)).toEqual({ text: '已超期2天', overdue: true })
    expect(rowDueText({ ...row, resolve_due: at(DAY / 2) }, t, NOW)).toEqual({ text: '还剩12小时', overdue: false })
    expect(rowDueText({ ...row, resolved_at: at(-3 * DAY) }, t, NOW).text).toBe('按期办结')
    expect(rowDueText({ ...row, resolved_at: at(-HOUR) }, t, NOW).text).toBe('超期办结')
    expect(rowDueText({ ...row, state: 'PENDING_REVIEW' }, t, NOW).text).toBe('待审核')
    expect(rowDueText({ state: 'SUBMITTED', resolve_due: null, resolved_at: null }, t, NOW).text).toBe('—')
    // Waiting for the enterprise's material: the time left stands where the pause left it.
    const paused = { ...row, state: 'PAUSED' as const, resolve_due: at(DAY / 2), paused_at: at(-3 * DAY) }
    expect(rowDueText(paused, t, NOW)).toEqual({ text: '已暂停 · 还剩4天', overdue: false })
  })
})

describe('warning colours', () => {
  it('gives each level its tag, colour and label', () => {
    expect(warningStyle('green')).toMatchObject({ tag: 'success', color: '#2fa37b' })
    expect(warningStyle('yellow')).toMatchObject({ tag: 'warning', color: '#e6a23c' })
    expect(warningStyle('red')).toMatchObject({ tag: 'danger', color: '#d93026' })
    expect(warningStyle('escalated')).toMatchObject({ color: '#7b2cbf' })
    loadDefaultDictionary()
    expect(Object.keys(WARNING_STYLES).map((l) => dictLabel('case_warning', l))).toEqual(['正常', '黄色预警', '红色预警', '升级督办'])
    expect(new Set(Object.values(WARNING_STYLES).map((s) => s.color)).size).toBe(4)
  })

  it('falls back to green for an unknown level and marks list rows', () => {
    expect(warningStyle('purple')).toBe(WARNING_STYLES.green)
    expect(warningStyle(null)).toBe(WARNING_STYLES.green)
    expect(warningRowClass('red')).toBe('warning-row warning-row--red')
    expect(warningRowClass('nonsense')).toBe('warning-row warning-row--green')
    expect(isAlarming('red')).toBe(true)
    expect(isAlarming('escalated')).toBe(true)
    expect(isAlarming('yellow')).toBe(false)
    expect(stateTagType('RESOLVED')).toBe('success')
    expect(stateTagType('ESCALATED')).toBe('danger')
  })
})

describe('action → form fields', () => {
  const item = { complexity: 'ordinary', resolve_due: '2021-07-17T02:00:00Z' } as Pick<CaseDetail, 'complexity' | 'resolve_due'>

  it('asks each action for exactly what its body needs', () => {
    expect(ACTION_FIELDS.assign).toEqual(['lead_unit', 'co_units', 'complexity', 'comment'])
    expect(ACTION_FIELDS.revisit).toEqual(['satisfaction', 'comment'])
    expect(ACTION_FIELDS.request_extension).toEqual(['new_due', 'reason', 'comment'])
    expect(ACTION_FIELDS.long_term).toEqual(['plan', 'milestones', 'comment'])
    expect(ACTION_FIELDS.submit_result).toEqual(['result', 'basis', 'attachment_ids', 'comment'])
    expect(ACTION_FIELDS.merge).toEqual(['into_case_id', 'comment'])
    for (const action of ['accept', 'sign', 'approve_result', 'close', 'approve_return'] as CaseAction[]) {
      expect(ACTION_FIELDS[action]).toEqual(['comment'])
    }
    for (const action of ['reject', 'request_return', 'deny_return', 'deny_extension', 'escalate', 'send_back', 'reopen'] as CaseAction[]) {
      expect(ACTION_FIELDS[action][0]).toBe('reason')
    }
    expect(REQUIRED_FIELDS.has('reason')).toBe(true)
    expect(REQUIRED_FIELDS.has('comment')).toBe(false)
    expect(REQUIRED_FIELDS.has('basis')).toBe(false)
  })

  it('builds the assign body with unit names, without the lead unit among the co-units', () => {
    const form = { ...emptyActionForm(item), lead_unit: 2, co_units: [2, 5], complexity: 'major' as const, comment: ' 请办理 ' }
    const names = new Map([
      [2, '市自然资源和规划局'],
      [5, '市发展和改革委员会']
    ])
    expect(actionBody('assign', form, { unitNames: names })).toEqual({
      comment: '请办理',
      lead_unit: { unit_id: 2, unit_name: '市自然资源和规划局' },
      co_units: [{ unit_id: 5, unit_name: '市发展和改革委员会' }],
      complexity: 'major'
    })
  })

  it('builds the other bodies: reasons, rating, extension days, plan, result', () => {
    const form = emptyActionForm(item)
    expect(actionBody('reject', { ...form, reason: ' 属于司法程序事项 ' })).toEqual({ comment: null, reason: '属于司法程序事项' })
    expect(actionBody('revisit', { ...form, satisfaction: 'basically_satisfied' })).toEqual({ comment: null, satisfaction: 'basically_satisfied' })
    expect(actionBody('request_extension', { ...form, new_due: '2021-07-24', reason: '等待省级批复' }, { resolveDue: item.resolve_due })).toEqual({
      comment: null,
      days: 7,
      reason: '等待省级批复'
    })
    expect(actionBody('approve_extension', form)).toEqual({ comment: null, days: null })
    expect(
      actionBody('long_term', {
        ...form,
        plan: '分阶段推进',
        milestones: [
          { due_date: '2021-08-01', content: ' 上报计划 ' },
          { due_date: '', content: '' }
        ]
      })
    ).toEqual({ comment: null, plan: '分阶段推进', milestones: [{ due_date: '2021-08-01', content: '上报计划' }] })
    expect(actionBody('submit_result', { ...form, result: '已解决', basis: ' ', attachment_ids: [9] })).toEqual({
      comment: null,
      result: '已解决',
      basis: null,
      attachment_ids: [9]
    })
    expect(actionBody('sign', { ...form, comment: '收到' })).toEqual({ comment: '收到' })
    expect(actionBody('merge', { ...form, into_case_id: 12 })).toEqual({ comment: null, into_case_id: 12 })
  })

  it('counts extension days from the current deadline and maps the server field back to the date', () => {
    expect(extensionDays('2021-07-17T02:00:00Z', '2021-07-20')).toBe(3)
    expect(extensionDays('2021-07-17T02:00:00Z', '2021-07-17')).toBeNull()
    expect(extensionDays(null, '2021-07-20')).toBeNull()
    expect(formFieldOf('request_extension', 'days')).toBe('new_due')
    expect(formFieldOf('approve_extension', 'days')).toBe('days')
  })

  it('orders the buttons, forward steps first, and colours them', () => {
    expect(orderedActions(['reject', 'merge', 'accept', 'answer_now', 'unknown_future_action'])).toEqual(['accept', 'answer_now', 'merge', 'reject'])
    expect(actionButtonType('accept')).toBe('primary')
    expect(actionButtonType('reject')).toBe('danger')
    expect(actionButtonType('approve_result')).toBe('success')
    expect(actionButtonType('request_return')).toBe('default')
  })
})

describe('case list and forms', () => {
  it('sends only the set filters, states repeated, and the view', () => {
    expect(toQuery(emptySearch(), 'all', 1, 20, undefined)).toEqual({ page: 1, page_size: 20 })
    const search = { ...emptySearch(), q: ' SQ2021 ', state: ['ASSIGNED', 'IN_PROGRESS'] as const, warning_level: 'red' as const, assigned_period: '2021-Q3', unit_id: 2 }
    expect(toQuery({ ...search, state: [...search.state] }, 'unit', 2, 50, '-resolve_due')).toEqual({
      page: 2,
      page_size: 50,
      q: 'SQ2021',
      state: ['ASSIGNED', 'IN_PROGRESS'],
      warning_level: 'red',
      unit_id: 2,
      assigned_period: '2021-Q3',
      mine: 'unit',
      sort: '-resolve_due'
    })
    expect(toSortParam('warning_level', 'descending')).toBe('-warning_level')
    expect(toSortParam('title', 'ascending')).toBeUndefined()
  })

  it('lets an enterprise submit only for itself, as 企业反映', () => {
    const form = { ...emptyCaseForm(), source: 'superior' as const, superior_doc_no: '豫商办〔2021〕15号', enterprise_uscc: '91411522MA45R7K376', category_code: 'land_planning', title: ' 用地 ', description: '说明' }
    const own = caseCreateBody(form, true)
    expect(own.source).toBe('enterprise')
    expect(own).not.toHaveProperty('enterprise_uscc')
    expect(own).not.toHaveProperty('superior_doc_no')
    const officer = caseCreateBody(form, false)
    expect(officer).toMatchObject({ source: 'superior', superior_doc_no: '豫商办〔2021〕15号', enterprise_uscc: '91411522MA45R7K376', title: '用地' })
  })

  it('places a case on the progress bar; a rejected one stops with an error', () => {
    expect(progressOf('SUBMITTED')).toEqual({ active: 1, status: 'process' })
    expect(progressOf('IN_PROGRESS')).toEqual({ active: 3, status: 'process' })
    expect(progressOf('RESOLVED')).toEqual({ active: 6, status: 'process' })
    expect(progressOf('CLOSED', 'resolved')).toEqual({ active: 8, status: 'finish' })
    expect(progressOf('CLOSED', 'rejected')).toEqual({ active: 1, status: 'error' })
  })

  it('checks a file before upload by size and type', () => {
    expect(checkAttachment({ name: '许可证.pdf', size: 1000, type: 'application/pdf' })).toBeNull()
    expect(checkAttachment({ name: 'photo.JPG', size: 1000, type: 'image/jpeg' })).toBeNull()
    expect(checkAttachment({ name: 'notes.txt', size: 10, type: '' })).toBeNull()
    expect(checkAttachment({ name: 'big.pdf', size: 9 * 1024 * 1024, type: 'application/pdf' })).toBe('size')
    expect(checkAttachment({ name: 'empty.pdf', size: 0, type: 'application/pdf' })).toBe('empty')
    expect(checkAttachment({ name: 'tool.exe', size: 10, type: 'application/x-msdownload' })).toBe('type')
    expect(checkAttachment({ name: 'fake.pdf', size: 10, type: 'image/png' })).toBe('type')
    expect(checkAttachment({ name: 'noext', size: 10, type: '' })).toBe('type')
    expect(formatSize(532)).toBe('532 B')
    expect(formatSize(14540)).toBe('14.2 KB')
    expect(formatSize(3.1 * 1024 * 1024)).toBe('3.1 MB')
  })

  it('tells what a timeline entry recorded', () => {
    const lines = timelineDetails(
      {
        action: 'assign',
        data: {
          lead_unit: { unit_id: 2, unit_name: '市自然资源和规划局' },
          co_units: [{ unit_id: 5, unit_name: '市发展和改革委员会' }],
          complexity: 'major'
        }
      },
      t
    )
    expect(lines).toEqual(['牵头单位：市自然资源和规划局', '配合单位：市发展和改革委员会', '复杂程度：重大复杂'])
    expect(timelineDetails({ action: 'revisit', data: { satisfaction: 'satisfied' } }, t)).toEqual(['评价：满意'])
    expect(timelineDetails({ action: 'attach', data: { filename: 'a.pdf', kind: 'result' } }, t)).toEqual(['文件：a.pdf（办理结果）'])
    expect(timelineDetails({ action: 'supervise', data: { level: 'warning', supervision_id: 3 } }, t)).toEqual(['督办级别：警告'])
    expect(timelineDetails({ action: 'sign', data: null }, t)).toEqual([])
  })
})
