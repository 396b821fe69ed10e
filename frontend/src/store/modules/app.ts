/** Shell state: sidebar collapse, phone-sized layout, language. */
import { defineStore } from 'pinia'
import { currentLocale, setLocale, type Locale } from '@/locales'

export const MOBILE_BREAKPOINT = 768
const COLLAPSE_KEY = 'wrzwq.sidebar_collapsed'

function savedCollapse(): boolean {
  try {
    return window.localStorage.getItem(COLLAPSE_KEY) === '1'
  } catch {
    return false
  }
}

export const useAppStore = defineStore('app', {
  state: () => ({
    sidebarCollapsed: savedCollapse(),
    isMobile: typeof window !== 'undefined' ? window.innerWidth < MOBILE_BREAKPOINT : false,
    drawerOpen: false
  }),
  getters: {
    /** The UI language: vue-i18n's, so it is right whoever switched it (start-up applies the saved one). */
    locale: (): Locale => currentLocale()
  },
  actions: {
    toggleSidebar() {
      if (this.isMobile) {
        this.drawerOpen = !this.drawerOpen
        return
      }
      this.sidebarCollapsed = !this.sidebarCollapsed
      try {
        window.localStorage.setItem(COLLAPSE_KEY, this.sidebarCollapsed ? '1' : '0')
      } catch {
        // not remembered
      }
    },
    closeDrawer() {
      this.drawerOpen = false
    },
    updateViewport(width: number) {
      const mobile = width < MOBILE_BREAKPOINT
      if (mobile !== this.isMobile) {
        this.isMobile = mobile
        this.drawerOpen = false
      }
    },
    /** Switches the language once its messages are fetched (English is not in the entry). */
    async changeLocale(locale: Locale): Promise<void> {
      await setLocale(locale)
    }
  }
})
