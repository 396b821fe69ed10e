/** A scripted backend behind an axios adapter, for testing the HTTP layer without a network. */
import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'

export interface Seen {
  method: string
  url: string
  authorization: string | null
  acceptLanguage: string | null
  body: unknown
}

export type Handler = (req: Seen) => Promise<{ status: number; data?: unknown; headers?: Record<string, string> }>

export function fakeAdapter(handler: Handler) {
  const seen: Seen[] = []
  const adapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const headers = AxiosHeaders.from(config.headers)
    const req: Seen = {
      method: (config.method ?? 'get').toUpperCase(),
      url: config.url ?? '',
      authorization: (headers.get('Authorization') as string | undefined) ?? null,
      acceptLanguage: (headers.get('Accept-Language') as string | undefined) ?? null,
      body: typeof config.data === 'string' && config.data ? JSON.parse(config.data) : config.data ?? null
    }
    seen.push(req)
    const result = await handler(req)
    const response: AxiosResponse = {
      data: result.data ?? '',
      status: result.status,
      statusText: String(result.status),
      headers: new AxiosHeaders(result.headers ?? {}),
      config,
      request: {}
    }
    if (result.status >= 200 && result.status < 300) return response
    throw new AxiosError(`Request failed with status code ${result.status}`, AxiosError.ERR_BAD_REQUEST, config, {}, response)
  }
  return { adapter, seen }
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

export const problem = (status: number, code: string, extra: Record<string, unknown> = {}) => ({
  status,
  data: { type: 'about:blank', title: code, status, code, detail: `detail of ${code}`, ...extra }
})
