/**
 * One module per Element Plus icon. `@element-plus/icons-vue` ships every icon in a single module, so Rollup
 * cannot split it: the icons used anywhere in the app (the pages' and Element Plus's own) all ended up in the
 * entry. This plugin rewrites `import { A, B as C } from '@element-plus/icons-vue'` — in the app and in Element
 * Plus — into one virtual module per icon, cut from the package's own build, so each page carries the icons it
 * shows. A name the package does not define is left to the package (the build then fails as it would have).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Plugin } from 'vite'

const PACKAGE = '@element-plus/icons-vue'
const PREFIX = '\0ep-icon:'
const IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']@element-plus\/icons-vue["'];?/g

/** Each icon's source (its `vue` imports and component) by exported name, read from the package's ES build. */
export function iconSources(source: string): Map<string, string> {
  const exportAt = source.lastIndexOf('\nexport {')
  if (exportAt < 0) throw new Error(`${PACKAGE}: no export list in its ES build`)
  const exported = new Map<string, string>()
  for (const m of source.slice(exportAt).matchAll(/(\w+) as (\w+)/g)) exported.set(m[1], m[2])
  const out = new Map<string, string>()
  for (const section of source.slice(0, exportAt).split(/\n(?=\/\/ src\/components\/)/)) {
    const local = /\}\), (\w+) = _sfc_main\d*;\s*$/.exec(section)?.[1]
    const name = local ? exported.get(local) : undefined
    if (local && name) out.set(name, `${section}\nexport default ${local};\n`)
  }
  if (out.size < 100) throw new Error(`${PACKAGE}: only ${out.size} icons recognised in its ES build`)
  return out
}

/** Rewrites the named imports of one module; undefined when it has none. */
export function splitIconImports(code: string, known: (name: string) => boolean): string | undefined {
  if (!code.includes(PACKAGE)) return undefined
  let changed = false
  const result = code.replace(IMPORT, (statement, names: string) => {
    const specs = names
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const [imported, local = imported] = s.split(/\s+as\s+/).map((p) => p.trim())
        return { imported, local }
      })
    if (specs.length === 0 || !specs.every((s) => known(s.imported))) return statement
    changed = true
    return specs.map((s) => `import ${s.local} from ${JSON.stringify(PREFIX + s.imported)};`).join('\n')
  })
  return changed ? result : undefined
}

export function splitIcons(): Plugin {
  let icons: Map<string, string> | undefined
  const load = (): Map<string, string> => {
    if (!icons) {
      const require = createRequire(import.meta.url)
      const main = require.resolve(`${PACKAGE}/dist/index.js`)
      icons = iconSources(readFileSync(main, 'utf8'))
    }
    return icons
  }
  return {
    name: 'wrzwq-split-icons',
    apply: 'build',
    resolveId(id) {
      return id.startsWith(PREFIX) ? id : undefined
    },
    load(id) {
      return id.startsWith(PREFIX) ? load().get(id.slice(PREFIX.length)) : undefined
    },
    transform(code, id) {
      if (id.startsWith('\0') || !/\.(m?js|ts|vue)($|\?)/.test(id)) return undefined
      const out = splitIconImports(code, (name) => load().has(name))
      return out === undefined ? undefined : { code: out, map: null }
    }
  }
}
