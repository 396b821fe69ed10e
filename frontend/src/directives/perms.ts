/**
 * `v-perms="'system:user:create'"` or `v-perms="['a', 'b']"`: removes the element unless the user
 * holds one of the permissions. Display only — the gateway checks the same strings.
 */
import type { Directive, DirectiveBinding } from 'vue'
import { usePermissionStore } from '@/store/modules/permission'

type PermsValue = string | readonly string[]

function apply(el: HTMLElement, binding: DirectiveBinding<PermsValue>): void {
  const value = binding.value
  if (value === undefined || value === null || (typeof value !== 'string' && !Array.isArray(value))) {
    throw new Error('v-perms needs a permission string or an array of them, e.g. v-perms="\'system:user:create\'"')
  }
  if (!usePermissionStore().has(value)) el.parentNode?.removeChild(el)
}

export const perms: Directive<HTMLElement, PermsValue> = {
  mounted: apply
}
