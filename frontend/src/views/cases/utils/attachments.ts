/** The client-side check of an attachment before upload (the server checks again, by content). */

/** The server's default limit (`CASE_ATTACHMENT_MAX_BYTES`); a larger server limit still answers 413. */
export const ATTACHMENT_MAX_BYTES = 8 * 1024 * 1024

/** Extensions the server accepts, with the MIME types browsers report for them. */
export const ATTACHMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  pdf: ['application/pdf'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  png: ['image/png'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  txt: ['text/plain']
}

/** The `accept` attribute of the file input. */
export const ATTACHMENT_ACCEPT = Object.keys(ATTACHMENT_TYPES).map((ext) => `.${ext}`).join(',')

export type AttachmentProblem = 'empty' | 'size' | 'type'

/** Why a file cannot be uploaded, or null. An empty or unknown browser MIME type is judged by extension. */
export function checkAttachment(file: { name: string; size: number; type: string }, maxBytes = ATTACHMENT_MAX_BYTES): AttachmentProblem | null {
  if (file.size <= 0) return 'empty'
  if (file.size > maxBytes) return 'size'
  const ext = file.name.includes('.') ? file.name.split('.').pop()!.toLowerCase() : ''
  const types = ATTACHMENT_TYPES[ext]
  if (!types) return 'type'
  if (file.type && file.type !== 'application/octet-stream' && !types.includes(file.type)) return 'type'
  return null
}

/** `532 B`, `14.2 KB`, `3.1 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
