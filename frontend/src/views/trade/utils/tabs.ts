/** The open tab of a module page, kept in the address (`?tab=`) so a link or a reload lands on it. */
import { ref, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'

export function useTab(names: readonly string[]): Ref<string> {
  const route = useRoute()
  const router = useRouter()
  const initial = typeof route.query.tab === 'string' && names.includes(route.query.tab) ? route.query.tab : names[0]
  const tab = ref(initial)
  watch(tab, (value) => {
    if (route.query.tab !== value) void router.replace({ query: { ...route.query, tab: value } })
  })
  return tab
}
