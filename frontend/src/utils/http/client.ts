/** The application's single HTTP client, wired to browser storage, the UI language and the session. */
import { currentLocale, t } from '@/locales'
import { browserLock, createHttp, type TransportMessages } from './index'
import { browserTokenStore } from './tokens'

type Listener = () => void
const sessionListeners = new Set<Listener>()

/** Registers what happens when the session can no longer be refreshed; returns an unsubscribe. */
export function onSessionExpired(listener: Listener): () => void {
  sessionListeners.add(listener)
  return () => sessionListeners.delete(listener)
}

export const tokenStore = browserTokenStore

/** The HTTP layer's texts in the UI language; a service that is down or slow is named. */
export function transportMessages(): TransportMessages {
  return {
    generic: t('http.generic'),
    network: t('http.network'),
    timeout: t('http.timeout'),
    sessionExpired: t('http.sessionExpired'),
    serviceUnavailable: (service) => t('http.serviceUnavailable', { module: t(`http.services.${service}`) }),
    serviceTimeout: (service) => t('http.serviceTimeout', { module: t(`http.services.${service}`) })
  }
}

export const http = createHttp({
  tokens: tokenStore,
  onSessionExpired: () => sessionListeners.forEach((listener) => listener()),
  locale: currentLocale,
  messages: transportMessages,
  crossTabLock: browserLock
})
