/** vue-i18n set-up: zh-CN by default, English on request; the choice is remembered per browser. */
import type { WritableComputedRef } from 'vue'
import { createI18n } from 'vue-i18n'
import zhCN, { type MessageSchema } from './zh-CN'
import en from './en'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: ReadonlyArray<{ value: Locale; label: string }> = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' }
]

const STORAGE_KEY = 'wrzwq.locale'

function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY)
    if (saved === 'en' || saved === 'zh-CN') return saved
  } catch {
    // storage unavailable: fall back to the default
  }
  return 'zh-CN'
}

export const i18n = createI18n<[MessageSchema], Locale>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en }
})

// Composition mode: `global.locale` is a ref (the generic typing does not narrow it).
const localeRef = i18n.global.locale as unknown as WritableComputedRef<Locale>

export function currentLocale(): Locale {
  return localeRef.value
}

export function setLocale(locale: Locale): void {
  localeRef.value = locale
  try {
    window.localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // not remembered, still applied
  }
  document.documentElement.lang = locale
}

/** Translate outside components (stores, hooks, the HTTP layer). */
export const t = (key: string, named?: Record<string, unknown>): string =>
  named ? i18n.global.t(key, named) : i18n.global.t(key)
