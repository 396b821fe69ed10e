/** State and actions of the user administration page. */
import { ElMessage, ElMessageBox } from 'element-plus'
import {
  disableUser,
  enableUser,
  listUsers,
  resetUserPassword,
  unlockUser,
  type User,
  type UserCreate,
  type UserQuery,
  type UserUpdate
} from '@/api/system'
import { t } from '@/locales'
import { usePagedList } from '@/utils/paged'
import { showError } from '@/utils/message'
import { normalizeUscc } from '@/utils/uscc'
import type { UserFormModel, UserSearch } from './types'

export function emptyUserForm(): UserFormModel {
  return {
    username: '',
    display_name: '',
    password: '',
    region_code: null,
    unit_id: null,
    phone: '',
    enterprise_uscc: ''
  }
}

export function userFormFromRecord(user: User): UserFormModel {
  return {
    username: user.username,
    display_name: user.display_name,
    password: '',
    region_code: user.region_code,
    unit_id: user.unit_id ?? null,
    phone: user.phone ?? '',
    enterprise_uscc: user.enterprise_uscc ?? ''
  }
}

export function userCreateBody(form: UserFormModel): UserCreate {
  return {
    username: form.username.trim(),
    display_name: form.display_name.trim(),
    password: form.password,
    region_code: form.region_code ?? '',
    unit_id: form.unit_id,
    phone: form.phone.trim() || null,
    enterprise_uscc: form.enterprise_uscc.trim() ? normalizeUscc(form.enterprise_uscc) : null
  }
}

/** Only what changed (roles are not among it: the security administrator assigns them apart). */
export function userUpdateBody(original: UserFormModel, form: UserFormModel): UserUpdate {
  const body: UserUpdate = {}
  if (form.display_name.trim() !== original.display_name) body.display_name = form.display_name.trim()
  if (form.region_code && form.region_code !== original.region_code) body.region_code = form.region_code
  if (form.unit_id !== original.unit_id) body.unit_id = form.unit_id
  if (form.phone.trim() !== original.phone) body.phone = form.phone.trim() || null
  if (normalizeUscc(form.enterprise_uscc) !== original.enterprise_uscc) {
    body.enterprise_uscc = form.enterprise_uscc.trim() ? normalizeUscc(form.enterprise_uscc) : null
  }
  return body
}

export function useUserList() {
  const list = usePagedList<User, UserSearch>(
    async (page, pageSize, filters) => {
      const query: UserQuery = { page, page_size: pageSize }
      if (filters.keyword.trim()) query.keyword = filters.keyword.trim()
      if (filters.is_active !== '') query.is_active = filters.is_active === 'true'
      return listUsers(query)
    },
    () => ({ keyword: '', is_active: '' })
  )

  async function toggleActive(user: User): Promise<void> {
    const name = user.display_name || user.username
    try {
      await ElMessageBox.confirm(
        t(user.is_active ? 'user.disableConfirm' : 'user.enableConfirm', { name }),
        t(user.is_active ? 'user.disable' : 'user.enable'),
        { type: 'warning', confirmButtonText: t('common.confirm'), cancelButtonText: t('common.cancel') }
      )
    } catch {
      return
    }
    try {
      if (user.is_active) await disableUser(user.id)
      else await enableUser(user.id)
      ElMessage.success(t('common.operationDone'))
      await list.load()
    } catch (error) {
      showError(error)
    }
  }

  /** Resets the password and resolves to the temporary password to show once, or null. */
  async function resetPassword(user: User): Promise<string | null> {
    try {
      await ElMessageBox.confirm(t('user.resetConfirm', { name: user.display_name || user.username }), t('user.resetPassword'), {
        type: 'warning',
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel')
      })
    } catch {
      return null
    }
    try {
      const result = await resetUserPassword(user.id)
      await list.load()
      return result.temporary_password
    } catch (error) {
      showError(error)
      return null
    }
  }

  async function unlock(user: User): Promise<void> {
    try {
      await unlockUser(user.id)
      ElMessage.success(t('common.operationDone'))
      await list.load()
    } catch (error) {
      showError(error)
    }
  }

  return { ...list, toggleActive, resetPassword, unlock }
}
