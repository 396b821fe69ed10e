// Chinese wherever a user reads: every page of the SPA router (and each tab of it), as each demo role, is
// searched for English identifiers in its rendered text: snake_case words (`superior_received`), dotted codes
// (`auth.login`), permission codes (`trade:worker:pii`) and the API's enum values as bare words (`hybrid`,
// `returned`). On a phone (375 px) the detail pages put labels above values, none narrower than two characters.
// Expects frontend/dist to be built; starts scripts/stack.py on fresh demo databases and stops it at the end.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, DESKTOP, FRONTEND, launchBrowser, PHONE, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser

/** The demo roles whose pages are read (README, "Demo accounts"). */
const ROLES = [
  ['leader', '市局领导'],
  ['city', '市局业务科室'],
  ['guangshan', '县区商务局'],
  ['henan', '省商务厅领导'],
  ['admin', '系统管理员'],
  ['security', '安全管理员'],
  ['auditor', '审计员']
]
// Login names are what people type to sign in, shown as typed in the user list: not identifiers to translate.
const LOGIN_NAMES = new Set(['admin', 'security', 'auditor', 'leader', 'city', 'guangshan', 'xinxian', 'unit_zrzy', 'enterprise', 'province', 'henan', 'nanyang'])

/** Every page of the router with the permissions that open it (read from the route tables themselves). */
function routerPages() {
  const pages = []
  for (const file of ['routes.ts', 'trade.ts']) {
    const text = readFileSync(join(FRONTEND, 'src', 'router', file), 'utf8')
    for (const match of text.matchAll(/path: '([^']+)',\s*name: '(\w+)',[\s\S]*?meta: \{([^}]*)\}/g)) {
      const [, path, name, meta] = match
      if (['/login', '/', '/:pathMatch(.*)*', '/403', '/password'].includes(path)) continue
      const perms = [...(meta.match(/perms: \[([^\]]*)\]/)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1])
      pages.push({ path, name, perms })
    }
  }
  return pages
}

/** The API's enum values that read as English words when shown bare (`hybrid`, `returned`, `mofcom`). */
function enumWords() {
  const spec = JSON.parse(readFileSync(join(FRONTEND, 'openapi.json'), 'utf8'))
  const words = new Set()
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk)
    if (node && typeof node === 'object') {
      if (Array.isArray(node.enum)) for (const v of node.enum) if (typeof v === 'string' && /^[a-z][a-z]+$/.test(v)) words.add(v)
      Object.values(node).forEach(walk)
    }
  }
  walk(spec.components.schemas)
  return words
}

const ENUM_WORDS = enumWords()

/** The English identifiers in a text: snake_case words, dotted codes, bare enum values. */
export function identifiersIn(text) {
  const found = new Set()
  // Whole tokens of ASCII letters, digits, `_`, `.`, `-`, `@`, `/`, `:` (so an e-mail or a URL stays one token).
  for (const token of text.match(/[A-Za-z0-9_.@/:-]+/g) ?? []) {
    // A token led by a dot is a file's extension (`人员.xlsx`); one with `@` or `/` an address.
    if (token.startsWith('.') || token.includes('@') || token.includes('/')) continue
    const bare = token.replace(/[.:-]+$/g, '').replace(/^[:-]+/, '')
    if (!bare || LOGIN_NAMES.has(bare)) continue
    // snake_case words (`x86_64` in a browser's user agent is data, not one of ours: words are letters only).
    if (/^[a-z]+(_[a-z]+)+$/.test(bare)) found.add(bare)
    else if (/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/.test(bare) && !/\.(xlsx|docx|pdf|png|jpg)$/.test(bare)) found.add(bare)
    // Permission and principal codes (`trade:worker:pii`, `system:seed`).
    else if (/^[a-z]+(:[a-z_]+)+$/.test(bare)) found.add(bare)
    else if (ENUM_WORDS.has(bare)) found.add(bare)
  }
  return [...found]
}

/** What the user reads on the page now: the body's text, plus each table cell and tag (drawn lazily). */
async function readableText(page) {
  await page.waitForLoadState('networkidle').catch(() => undefined)
  await page
    .waitForFunction(() => [...document.querySelectorAll('.el-loading-mask')].every((m) => m.offsetParent === null), null, { timeout: 10_000 })
    .catch(() => undefined)
  return page.evaluate(() => {
    const parts = [document.body.innerText]
    // Cells and tags as drawn, hidden ones (another tab's table) left out.
    for (const el of document.querySelectorAll('td .cell, .el-tag, .el-descriptions__content, .el-descriptions__label')) {
      if (el.checkVisibility()) parts.push(el.textContent ?? '')
    }
    return parts.join('\n')
  })
}

/** The first record's id of a list, for the detail pages. */
async function firstId(page, path) {
  const res = await apiFromPage(page, `${path}${path.includes('?') ? '&' : '?'}page=1&page_size=1`)
  return res.status === 200 ? res.body.items?.[0]?.id : undefined
}

/** An enterprise with records in other services (a fair's exhibitor), so its 一企一档 shows coded fields. */
async function exhibitorId(page) {
  const fairs = await apiFromPage(page, '/api/v1/trade/fairs?page=1&page_size=20')
  for (const fair of fairs.body?.items ?? []) {
    const people = await apiFromPage(page, `/api/v1/trade/fairs/${fair.id}/participants?page=1&page_size=1`)
    const uscc = people.body?.items?.[0]?.enterprise_uscc
    if (!uscc) continue
    const found = await apiFromPage(page, `/api/v1/enterprises?q=${uscc}&page=1&page_size=1`)
    if (found.body?.items?.[0]?.id) return found.body.items[0].id
  }
  return undefined
}

/** The concrete URLs of the router's pages this user may open (detail pages with a real record). */
async function pagesOf(page) {
  const me = await apiFromPage(page, '/api/v1/auth/me')
  const perms = new Set(me.body.permissions)
  const ids = {}
  const urls = []
  for (const p of routerPages()) {
    if (p.perms.length > 0 && !p.perms.some((perm) => perms.has(perm))) continue
    if (!p.path.includes(':')) {
      urls.push(p.path)
      continue
    }
    const source = p.path.startsWith('/cases') ? '/api/v1/cases' : p.path.startsWith('/investment/projects') ? '/api/v1/projects' : '/api/v1/enterprises'
    ids[source] ??= await firstId(page, source)
    if (ids[source] !== undefined) urls.push(p.path.replace(/:id(\([^)]*\))?/, String(ids[source])))
    if (p.name === 'EnterpriseProfile') {
      const exhibitor = await exhibitorId(page)
      if (exhibitor !== undefined) urls.push(`/enterprises/${exhibitor}/profile`)
    }
  }
  return urls
}

/** Reads the page at `url` and each of its tabs; returns the offending identifiers per place. */
async function offendersOn(page, url) {
  const found = []
  await page.goto(`${stack.baseUrl}${url}`)
  await page.locator('.app-main, main, #app').first().waitFor()
  await readableText(page)
  // A page the guard turned away was not read: say so rather than pass it.
  const landed = new URL(page.url()).pathname
  if (landed !== url.split('?')[0]) found.push(`${url}: opened ${landed} instead`)
  const check = async (where) => {
    const ids = identifiersIn(await readableText(page))
    if (ids.length) found.push(`${where}: ${ids.join(', ')}`)
  }
  await check(url)
  const tabs = page.locator('.el-tabs__header:visible .el-tabs__item:visible')
  const count = await tabs.count()
  for (let i = 1; i < count; i += 1) {
    const label = ((await tabs.nth(i).textContent()) ?? '').trim()
    await tabs.nth(i).click()
    await check(`${url} › ${label}`)
  }
  return found
}

before(async () => {
  stack = await startStack({ accessTokenTtl: 600 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
  publishScreenshots(['mobile-enterprise-profile', 'mobile-enterprise-detail', 'mobile-case-detail', 'mobile-project-detail'])
})

describe('language', () => {
  test('the identifier finder catches codes and spares Chinese, names, files and addresses', () => {
    assert.deepEqual(identifiersIn('状态 returned，口径 local/mofcom'), ['returned'])
    assert.deepEqual(identifiersIn('操作 auth.login 缺数 superior_received'), ['auth.login', 'superior_received'])
    assert.deepEqual(identifiersIn('权限 trade:worker:pii 操作人 system:seed 时间 22:48:21'), ['trade:worker:pii', 'system:seed'])
    assert.deepEqual(identifiersIn('外派劳务人员.xlsx admin unit_zrzy a@b.cn HS编码 2026-01 DOCX Linux x86_64'), [])
    // The walk reads the router's own tables: every page, detail pages included.
    const names = routerPages().map((p) => p.name)
    for (const name of ['Dashboard', 'EnterpriseProfile', 'CaseDetail', 'InvestmentProjectDetail', 'AuditLogs', 'TradeLabour', 'Welcome']) {
      assert.ok(names.includes(name), `${name} is walked`)
    }
    assert.ok(names.length >= 35, `${names.length} pages`)
  })

  for (const [username, role] of ROLES) {
    test(`every page reads in Chinese for ${role} (${username})`, { timeout: 600_000 }, async () => {
      await runAsUser(browser, stack.baseUrl, username, DESKTOP, `language-${username}`, async (page) => {
        const urls = await pagesOf(page)
        assert.ok(urls.length >= 2, `${username} opens some pages: ${urls}`)
        const found = []
        for (const url of urls) found.push(...(await offendersOn(page, url)))
        assert.deepEqual(found, [], `English identifiers shown to ${username}:\n${found.join('\n')}`)
      })
    })
  }

  test('on a phone the detail pages put each label above its value, two characters wide at least', { timeout: 300_000 }, async () => {
    await runAsUser(browser, stack.baseUrl, 'city', PHONE, 'language-phone', async (page) => {
      const enterprise = await firstId(page, '/api/v1/enterprises')
      const exhibitor = (await exhibitorId(page)) ?? enterprise
      const kase = await firstId(page, '/api/v1/cases')
      const project = await firstId(page, '/api/v1/projects')
      const details = [
        [`/enterprises/${exhibitor}/profile`, 'mobile-enterprise-profile'],
        [`/enterprises/${enterprise}`, 'mobile-enterprise-detail'],
        [`/cases/${kase}`, 'mobile-case-detail'],
        [`/investment/projects/${project}`, 'mobile-project-detail']
      ]
      const narrow = []
      for (const [url, shot] of details) {
        await page.goto(`${stack.baseUrl}${url}`)
        await page.locator('.el-descriptions').first().waitFor({ timeout: 15_000 })
        await readableText(page)
        const report = await page.evaluate(() => {
          const out = { labels: 0, problems: [] }
          for (const cell of document.querySelectorAll('.el-descriptions__label, .el-descriptions__content')) {
            if (cell.offsetParent === null) continue
            const text = (cell.textContent ?? '').trim()
            if (!text) continue
            const box = cell.getBoundingClientRect()
            const style = getComputedStyle(cell)
            const chars = (box.width - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)) / parseFloat(style.fontSize)
            if (cell.classList.contains('el-descriptions__label')) out.labels += 1
            if (chars < 2 && text.length >= 2) out.problems.push(`${text.slice(0, 12)} (${chars.toFixed(1)} chars wide)`)
            // Vertical: a label's row holds only labels, so its value sits below it.
            if (cell.classList.contains('el-descriptions__label') && cell.closest('tr')?.querySelector('.el-descriptions__content')) {
              out.problems.push(`${text.slice(0, 12)} beside its value`)
            }
          }
          out.overflow = document.documentElement.scrollWidth > window.innerWidth + 1
          return out
        })
        assert.ok(report.labels > 0, `${url} shows labelled details`)
        if (report.problems.length) narrow.push(`${url}: ${report.problems.join('; ')}`)
        if (report.overflow) narrow.push(`${url}: wider than the screen`)
        await page.evaluate(() => window.scrollTo(0, 0))
        await screenshot(page, shot)
      }
      assert.deepEqual(narrow, [], narrow.join('\n'))
    })
  })
})
