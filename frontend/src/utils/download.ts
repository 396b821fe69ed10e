/** Files fetched through the authenticated client (token, refresh, problem errors) and saved by the browser. */
import { http } from './http/client'

/**
 * The file name of a `Content-Disposition` header: RFC 5987 `filename*=UTF-8''…` first, then the
 * plain `filename="…"`; null when there is none.
 */
export function filenameFromDisposition(header: string | null | undefined): string | null {
  if (!header) return null
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header)
  if (extended) {
    try {
      return decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''))
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header)
  if (plain) return (plain[2] ?? plain[1]).trim()
  return null
}

/** Hands a blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Some browsers read the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

/** GETs a file with the session's token and saves it under the server's name (or `fallbackName`). */
export async function downloadFile(
  url: string,
  fallbackName: string,
  params?: Record<string, unknown>
): Promise<string> {
  // Lists repeat a filter (`state=A&state=B`), as the API reads them.
  const res = await http.get<Blob>(url, { params, paramsSerializer: { indexes: null }, responseType: 'blob', timeout: 120_000 })
  const name = filenameFromDisposition(res.headers['content-disposition'] as string | undefined) ?? fallbackName
  saveBlob(res.data, name)
  return name
}

/** Saves a list's 导出 (`<listUrl>/export`) for the list's query; paging is left out, the filters and sort kept. */
export function exportList(listUrl: string, fallbackName: string, query: object): Promise<string> {
  const params: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(query)) {
    if (key === 'page' || key === 'page_size' || value === undefined || value === null || value === '') continue
    params[key] = value
  }
  return downloadFile(`${listUrl}/export`, fallbackName, params)
}
