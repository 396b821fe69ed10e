/**
 * Builds the service worker (`sw.js`) from `sw.template.js`: its precache list is the app shell of this build —
 * index.html, the manifest and icons, the entry with everything it imports statically, and the pages a cadre
 * needs in the field without a connection (the layout and the visits page) with their static imports.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Plugin } from 'vite'
import type { OutputBundle } from 'rollup'

/** Source files whose chunks (and what they import statically) work offline: the layout and the visit pages, and
 * the parts of them loaded after the first screen (the menu, the table and filters a wider screen shows, the
 * full pager, the English messages). */
export const OFFLINE_PAGES = [
  'src/layout/index.vue',
  'src/layout/components/Sidebar.vue',
  'src/layout/components/MobileMenu.vue',
  'src/layout/components/IdleWarning.vue',
  'src/components/NoticeView/SignInNotices.vue',
  'src/components/PagePagerFull.vue',
  'src/views/visits/index.vue',
  'src/views/visits/form.vue',
  'src/views/visits/queue.vue',
  'src/views/visits/components/VisitTable.vue',
  'src/views/visits/components/VisitFilters.vue',
  'src/locales/en.ts'
]
const STATIC_FILES = ['/index.html', '/manifest.webmanifest', '/favicon.svg', '/icons/icon-192.png', '/icons/icon-512.png']

/** The files of a build that make up the shell (URL paths, sorted). */
export function shellFiles(bundle: OutputBundle, pages: readonly string[] = OFFLINE_PAGES): string[] {
  const wanted = new Set<string>()
  const add = (fileName: string): void => {
    const item = bundle[fileName]
    if (!item || wanted.has(fileName)) return
    wanted.add(fileName)
    if (item.type !== 'chunk') return
    item.imports.forEach(add)
    item.viteMetadata?.importedCss.forEach((css) => wanted.add(css))
  }
  for (const item of Object.values(bundle)) {
    if (item.type !== 'chunk') continue
    const modules = item.moduleIds.map((id) => id.replace(/\\/g, '/'))
    if (item.isEntry || pages.some((p) => modules.some((m) => m.endsWith(p)))) add(item.fileName)
  }
  return [...wanted].map((f) => `/${f}`).sort()
}

/** Which chunk holds each page module (`src/...vue` → `assets/x.js`): a page merged into a shared chunk has no
 * key of its own in Vite's manifest, so scripts/bundle-report.mjs finds it here. */
export function pageChunks(bundle: OutputBundle): Record<string, string> {
  const out: Record<string, string> = {}
  for (const item of Object.values(bundle)) {
    if (item.type !== 'chunk') continue
    for (const id of item.moduleIds) {
      const match = /\/(src\/(views|layout)\/.*\.vue)$/.exec(id.replace(/\\/g, '/'))
      if (match) out[match[1]] = item.fileName
    }
  }
  return out
}

/** The Vite plugin (production builds only; the dev server registers no worker). */
export function serviceWorker(): Plugin {
  const template = readFileSync(new URL('./sw.template.js', import.meta.url), 'utf8')
  return {
    name: 'wrzwq-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = [...STATIC_FILES, ...shellFiles(bundle)]
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12)
      const source = template.replace('__VERSION__', version).replace('__PRECACHE__', JSON.stringify(files, null, 2))
      this.emitFile({ type: 'asset', fileName: 'sw.js', source })
      this.emitFile({ type: 'asset', fileName: '.vite/pages.json', source: JSON.stringify(pageChunks(bundle), null, 2) })
    }
  }
}
