// What a phone downloads for each first screen, from the build's manifest (dist/.vite/manifest.json): the entry,
// the screen's page chunks and everything they import statically, JS and CSS, gzipped. Fails above the budget.
// `node scripts/bundle-report.mjs [--markdown]` after `vite build`.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const ENTRY = 'index.html'
/** The screens a cadre opens on a weak network: their page modules (loaded after the entry) and budget (gzip KB).
 * Both stay under 250 KB; the visit screen is what a phone loads (docs/field-visits-offline.md: the table, the
 * region and date filters and the menu come later, in chunks of their own). */
export const SCREENS = {
  'sign-in (登录)': { pages: ['src/views/login/index.vue'], budgetKb: 250 },
  'visits (走访记录)': { pages: ['src/layout/index.vue', 'src/views/visits/index.vue'], budgetKb: 250 }
}

/** The files a screen loads: the entry's and each page's static import closure, CSS included. `pages` maps a
 * page module to its chunk file where the page shares a chunk (and so has no manifest key of its own). */
export function screenFiles(manifest, pages, pageChunks = {}) {
  const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]))
  const files = new Set()
  const seen = new Set()
  const walk = (key) => {
    const chunk = manifest[key]
    if (!chunk || seen.has(key)) return
    seen.add(key)
    files.add(chunk.file)
    for (const css of chunk.css ?? []) files.add(css)
    for (const imported of chunk.imports ?? []) walk(imported)
  }
  for (const page of [ENTRY, ...pages]) {
    const key = manifest[page] ? page : byFile.get(pageChunks[page])
    if (!key) throw new Error(`${page} is not in the build`)
    walk(key)
  }
  return [...files].sort()
}

function gzipped(file) {
  return gzipSync(readFileSync(join(DIST, file))).length
}

function main() {
  const args = process.argv.slice(2)
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8'))
  const pageChunks = JSON.parse(readFileSync(join(DIST, '.vite', 'pages.json'), 'utf8'))
  const rows = Object.entries(SCREENS).map(([screen, { pages, budgetKb }]) => {
    const files = screenFiles(manifest, pages, pageChunks)
    const js = files.filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + gzipped(f), 0)
    const css = files.filter((f) => f.endsWith('.css')).reduce((sum, f) => sum + gzipped(f), 0)
    return { screen, budgetKb, files: files.length, js, css, total: js + css }
  })
  const kb = (n) => (n / 1024).toFixed(1)
  if (args.includes('--markdown')) {
    console.log('| screen | files | JS (gzip KB) | CSS (gzip KB) | total (gzip KB) | budget (KB) |')
    console.log('|---|---:|---:|---:|---:|---:|')
    for (const r of rows) console.log(`| ${r.screen} | ${r.files} | ${kb(r.js)} | ${kb(r.css)} | ${kb(r.total)} | ${r.budgetKb} |`)
  } else {
    for (const r of rows) {
      console.log(`${r.screen.padEnd(20)} ${String(r.files).padStart(3)} files  JS ${kb(r.js).padStart(6)} KB  CSS ${kb(r.css).padStart(5)} KB  total ${kb(r.total).padStart(6)} KB (gzip), budget ${r.budgetKb} KB`)
    }
  }
  const over = rows.filter((r) => r.total > r.budgetKb * 1024)
  for (const r of over) console.error(`over budget: ${r.screen} loads ${kb(r.total)} KB gzipped, the budget is ${r.budgetKb} KB`)
  process.exitCode = over.length ? 1 : 0
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main()
