/** Photos are shrunk on the phone before they are stored or sent: a weak network carries a few hundred KB, not 5 MB. */

export const MAX_EDGE = 1600
export const JPEG_QUALITY = 0.8

/** The size that fits within `max` on its longer edge, keeping the aspect ratio (never enlarged). */
export function fitWithin(width: number, height: number, max = MAX_EDGE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height))
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}

/** The photo redrawn on a canvas at ≤ 1600 px and encoded as JPEG 0.8; the original when it cannot be decoded. */
export async function compressImage(file: Blob): Promise<Blob> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    return file
  }
  const { width, height } = fitWithin(bitmap.width, bitmap.height)
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) return file
  ctx.fillStyle = '#fff' // a transparent PNG becomes white, not black, as a JPEG
  ctx.fillRect(0, 0, width, height)
  ctx.drawImage(bitmap, 0, 0, width, height)
  bitmap.close()
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY))
  return blob ?? file
}

/** The name a compressed photo is sent under (its extension follows the new type). */
export function jpegName(name: string): string {
  const base = name.replace(/\.[^.]*$/, '') || 'photo'
  return `${base}.jpg`
}
