/** Where the session's token pair lives: localStorage, so tabs share one refresh-token family. */

export interface TokenPair {
  access_token: string
  refresh_token: string
  expires_in?: number
}

export interface TokenStore {
  getAccessToken(): string | null
  getRefreshToken(): string | null
  save(pair: TokenPair): void
  clear(): void
}

const ACCESS_KEY = 'wrzwq.access_token'
const REFRESH_KEY = 'wrzwq.refresh_token'

function storage(): Storage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null
  } catch {
    return null
  }
}

export const browserTokenStore: TokenStore = {
  getAccessToken: () => storage()?.getItem(ACCESS_KEY) ?? null,
  getRefreshToken: () => storage()?.getItem(REFRESH_KEY) ?? null,
  save(pair) {
    storage()?.setItem(ACCESS_KEY, pair.access_token)
    storage()?.setItem(REFRESH_KEY, pair.refresh_token)
  },
  clear() {
    storage()?.removeItem(ACCESS_KEY)
    storage()?.removeItem(REFRESH_KEY)
  }
}

/** An in-memory store, for tests and for callers that must not touch the browser's storage. */
export function memoryTokenStore(initial?: Partial<TokenPair>): TokenStore {
  let access = initial?.access_token ?? null
  let refresh = initial?.refresh_token ?? null
  return {
    getAccessToken: () => access,
    getRefreshToken: () => refresh,
    save(pair) {
      access = pair.access_token
      refresh = pair.refresh_token
    },
    clear() {
      access = null
      refresh = null
    }
  }
}
