/**
 * vue-i18n set-up: zh-CN by default and in the entry; English (its messages and Element Plus's) is fetched when
 * chosen, so the first screen does not carry a language most users never pick. The choice is remembered per
 * browser.
 */
import { shallowRef, type WritableComputedRef } from 'vue'
import { createI18n } from 'vue-i18n'
import type { Language } from 'element-plus/es/locale'
import zhCnElement from 'element-plus/es/locale/lang/zh-cn'
import zhCN, { type MessageSchema } from './zh-CN'
import { compileMessage } from './compile'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: ReadonlyArray<{ value: Locale; label: string }> = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' }
]

const STORAGE_KEY = 'wrzwq.locale'

/** The language remembered in this browser (zh-CN when none, or storage is unavailable). */
export function savedLocale(): Locale {
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
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  // vue-i18n's own compiler is left out of the build (vite.config.ts `define`); this one covers our messages.
  messageCompiler: compileMessage,
  messages: { 'zh-CN': zhCN } as Record<Locale, MessageSchema>
})

// Composition mode: `global.locale` is a ref (the generic typing does not narrow it).
const localeRef = i18n.global.locale as unknown as WritableComputedRef<Locale>

/** Element Plus's own texts (date picker, pagination, empty states) in the UI language. */
const elementLocales: Partial<Record<Locale, Language>> = { 'zh-CN': zhCnElement }
export const elementLocale = shallowRef<Language>(zhCnElement)

/** The languages not in the entry: their messages and Element Plus's, one chunk each. */
const loaders: Partial<Record<Locale, () => Promise<{ messages: MessageSchema; element: Language }>>> = {
  en: async () => {
    const [messages, element] = await Promise.all([import('./en'), import('element-plus/es/locale/lang/en')])
    return { messages: messages.default, element: element.default }
  }
}

/** Fetches a language's messages once (a no-op for zh-CN and for a language already loaded). */
export async function loadLocale(locale: Locale): Promise<void> {
  if (elementLocales[locale]) return
  const loaded = await loaders[locale]!()
  i18n.global.setLocaleMessage(locale, loaded.messages)
  elementLocales[locale] = loaded.element
}

export function currentLocale(): Locale {
  return localeRef.value
}

/** Switches the UI language once its messages are here (rejects, leaving the language as it was, if the
 * messages cannot be fetched — offline before the language was ever used). */
export async function setLocale(locale: Locale): Promise<void> {
  await loadLocale(locale)
  localeRef.value = locale
  elementLocale.value = elementLocales[locale] ?? zhCnElement
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
