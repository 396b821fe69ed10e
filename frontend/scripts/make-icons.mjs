// Renders the app icons (PNG) from public/favicon.svg in Chromium: `node scripts/make-icons.mjs`.
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const PUBLIC = join(dirname(fileURLToPath(import.meta.url)), '..', 'public')
const svg = readFileSync(join(PUBLIC, 'favicon.svg'), 'utf8')
// A maskable icon keeps its mark inside the central 80 % (the launcher may crop to a circle).
const maskable = svg.replace('<rect width="64" height="64" rx="12"', '<rect width="64" height="64"').replace('font-size="30"', 'font-size="24"').replace('y="43"', 'y="40.5"')
const ICONS = [
  ['icon-192.png', 192, svg],
  ['icon-512.png', 512, svg],
  ['icon-maskable-512.png', 512, maskable],
  ['apple-touch-icon.png', 180, maskable]
]

mkdirSync(join(PUBLIC, 'icons'), { recursive: true })
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' })
try {
  for (const [name, size, source] of ICONS) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    await page.setContent(`<html><body style="margin:0">${source.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`)
    await page.screenshot({ path: join(PUBLIC, 'icons', name), omitBackground: true })
    await page.close()
  }
} finally {
  await browser.close()
}
