/** 通知公告 (system administration): the list, status tags and the editor's model. */
import { listNotices, type Notice, type NoticeCreate, type NoticeStatus } from '@/api/notices'
import { usePagedList } from '@/utils/paged'

export interface NoticeSearch {
  keyword: string
  status: NoticeStatus | ''
}

export interface NoticeFormModel {
  title: string
  body: string
  pinned: boolean
  role_codes: string[]
  region_codes: string[]
  user_ids: number[]
}

const STATUS_TAGS: Record<NoticeStatus, 'info' | 'success' | 'warning'> = {
  draft: 'info',
  published: 'success',
  withdrawn: 'warning'
}

export function statusTag(status: NoticeStatus): 'info' | 'success' | 'warning' {
  return STATUS_TAGS[status]
}

export function emptyForm(): NoticeFormModel {
  return { title: '', body: '', pinned: false, role_codes: [], region_codes: [], user_ids: [] }
}

/** The editor's model of a stored notice. */
export function formOf(notice: Notice): NoticeFormModel {
  return {
    title: notice.title,
    body: notice.body,
    pinned: notice.pinned,
    role_codes: [...notice.audience.role_codes],
    region_codes: [...notice.audience.region_codes],
    user_ids: [...notice.audience.user_ids]
  }
}

/** The request body of the editor's model (the title trimmed). */
export function toNoticeBody(form: NoticeFormModel): NoticeCreate {
  return {
    title: form.title.trim(),
    body: form.body,
    pinned: form.pinned,
    audience: { role_codes: form.role_codes, region_codes: form.region_codes, user_ids: form.user_ids }
  }
}

export function useNoticeList() {
  return usePagedList<Notice, NoticeSearch>(
    (page, pageSize, filters) => {
      const keyword = filters.keyword.trim()
      return listNotices({
        page,
        page_size: pageSize,
        ...(keyword ? { keyword } : {}),
        ...(filters.status ? { status: filters.status } : {})
      })
    },
    () => ({ keyword: '', status: '' })
  )
}
