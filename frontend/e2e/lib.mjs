// Helpers for the end-to-end run: the real stack (gateway + services) and Debian's Chromium.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const FRONTEND = join(dirname(fileURLToPath(import.meta.url)), '..')
export const REPO = join(FRONTEND, '..')
export const SHOTS = join(FRONTEND, 'e2e', 'screenshots')
export const DOC_SHOTS = join(REPO, 'docs', 'screenshots')
export const PASSWORD = 'Demo@2021pass'

function portFree(port) {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** A base port whose neighbours (+101..+103, the services) are free too. */
export async function freeBasePort(start = Number(process.env.E2E_PORT ?? 18000)) {
  for (let base = start; base < start + 2000; base += 7) {
    const ports = [base, base + 101, base + 102, base + 103]
    const free = await Promise.all(ports.map(portFree))
    if (free.every(Boolean)) return base
  }
  throw new Error('no free ports for the stack')
}

/** Starts `scripts/stack.py` on fresh databases and resolves once it prints "stack ready". */
export async function startStack({ accessTokenTtl, env: extraEnv = {} }) {
  // Against a server already running (front-end work): E2E_BASE_URL, with the same short token life.
  if (process.env.E2E_BASE_URL) {
    return { baseUrl: process.env.E2E_BASE_URL.replace(/\/$/, ''), output: () => '', stop: async () => undefined }
  }
  if (!existsSync(join(FRONTEND, 'dist', 'index.html'))) {
    throw new Error('frontend/dist is missing: run `npm run build` first')
  }
  const port = await freeBasePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'wrzwq-e2e-'))
  const env = { ...process.env, ...extraEnv, GATEWAY_ACCESS_TOKEN_TTL_SECONDS: String(accessTokenTtl) }
  const args = ['run', 'python', 'scripts/stack.py', '--data-dir', dataDir, '--port', String(port)]
  // The suites of one run start from the same demo data: prepared by the first, copied by the others (a suite
  // asking for settings of its own prepares its own).
  if (process.env.E2E_SEED_CACHE && Object.keys(extraEnv).length === 0) {
    args.push('--seed-cache', process.env.E2E_SEED_CACHE)
  }
  const child = spawn('uv', args, {
    cwd: REPO,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  })
  let output = ''
  const collect = (chunk) => {
    output += chunk.toString()
    if (output.length > 200_000) output = output.slice(-100_000)
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)
  const baseUrl = `http://127.0.0.1:${port}`
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack not ready in 240 s:\n${output.slice(-4000)}`)), 240_000)
    const check = () => {
      if (output.includes(`stack ready ${baseUrl}`)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`stack exited with ${code}:\n${output.slice(-4000)}`))
    })
  })
  return {
    baseUrl,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM')
        } catch {
          // already gone
        }
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            try {
              process.kill(-child.pid, 'SIGKILL')
            } catch {
              // already gone
            }
            resolve()
          }, 15_000)
          child.once('exit', () => {
            clearTimeout(timer)
            resolve()
          })
        })
      }
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/**
 * Starts the stack and the browser before a suite's tests and stops them after, publishing the named screenshots;
 * the returned object holds `stack` and `browser` once started.
 */
export function suiteStack({ accessTokenTtl = 900, screenshots = [] } = {}) {
  const held = { stack: null, browser: null }
  before(async () => {
    held.stack = await startStack({ accessTokenTtl })
    held.browser = await launchBrowser()
  }, { timeout: 300_000 })
  after(async () => {
    await held.browser?.close()
    await held.stack?.stop()
    publishScreenshots(screenshots)
  })
  return held
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run'
    ]
  })
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true })
  // Let loading overlays fade out so the picture shows the page, not a spinner.
  await page
    .waitForFunction(() => [...document.querySelectorAll('.el-loading-mask')].every((m) => m.offsetParent === null), null, {
      timeout: 5_000
    })
    .catch(() => undefined)
  await page.waitForTimeout(300)
  const file = join(SHOTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage: false })
  return file
}

/** Copies the chosen screenshots into docs/screenshots for the README. */
export function publishScreenshots(names) {
  mkdirSync(DOC_SHOTS, { recursive: true })
  for (const name of names) {
    const from = join(SHOTS, `${name}.png`)
    if (existsSync(from)) copyFileSync(from, join(DOC_SHOTS, `${name}.png`))
  }
}

/** Signs in through the login page and waits for the shell. */
export async function signIn(page, baseUrl, username, password = PASSWORD) {
  await page.goto(`${baseUrl}/login`)
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

export async function waitForShell(page) {
  await page.getByTestId('sidebar-toggle').waitFor({ state: 'visible', timeout: 20_000 })
}

/** Calls the API from inside the page with the session's access token (what the SPA would send). */
export async function apiFromPage(page, path) {
  return page.evaluate(async (url) => {
    const token = localStorage.getItem('wrzwq.access_token')
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } })
    return { status: res.status, body: await res.json().catch(() => null) }
  }, path)
}

/** POSTs to the API from inside the page with the session's token and a fresh Idempotency-Key; fails on an error. */
export async function postFromPage(page, path, body = {}) {
  const res = await page.evaluate(
    async ({ path, body }) => {
      const token = localStorage.getItem('wrzwq.access_token')
      const res = await fetch(path, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(body)
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    { path, body }
  )
  assert.ok(res.status < 300, `${path} answered ${res.status}: ${JSON.stringify(res.body)}`)
  return res.body
}

export async function signOut(page) {
  await page.getByTestId('user-menu').click()
  await page.getByTestId('logout').click()
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  await page.waitForURL(/\/login/)
}

export const DESKTOP = { width: 1440, height: 900 }
export const PHONE = { width: 375, height: 812 }

/** Runs `fn(page, problems)` on a fresh zh-CN page, screenshots it as `name`, and fails on uncaught page errors. */
export async function runPage(browser, name, viewport, fn) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  const page = await context.newPage()
  const problems = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  try {
    await fn(page, problems)
  } finally {
    await screenshot(page, name).catch(() => undefined)
    await context.close()
  }
  assert.deepEqual(problems, [], 'the page raised no uncaught errors')
}

/** Signs `username` in on a fresh page, runs `fn`, screenshots and closes (one user's turn in a flow). */
export async function runAsUser(browser, baseUrl, username, viewport, shot, fn) {
  await runPage(browser, shot, viewport, async (page, problems) => {
    await signIn(page, baseUrl, username)
    await waitForShell(page)
    await fn(page, problems)
  })
}

/** Chooses a region in a filterable region cascader inside `scope`. */
export async function pickRegion(page, scope, label, regionName) {
  const input = scope.locator('.el-form-item').filter({ hasText: label }).locator('.el-cascader input').first()
  await input.click()
  await input.fill(regionName.slice(0, 2))
  const suggestion = page.locator('.el-cascader__suggestion-item').filter({ hasText: regionName }).first()
  await suggestion.waitFor({ state: 'visible' })
  await suggestion.click()
}

/** Picks an option of an Element Plus select (typing `filter` first for a filterable one). */
export async function pickOption(page, select, text, filter) {
  // A remote list answering while the option is clicked replaces the element under the pointer and the click
  // selects nothing: the pick is checked against what the select shows and made again when it did not take.
  for (let attempt = 1; ; attempt += 1) {
    await select.click()
    if (filter) await select.locator('input').fill(filter)
    const option = page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first()
    await option.waitFor({ state: 'visible' })
    await option.click()
    // A remote search answering late can open the list again over the next field: close it by moving on.
    const open = page.locator('.el-select-dropdown:visible')
    try {
      await open.first().waitFor({ state: 'hidden', timeout: 3000 })
    } catch {
      await page.keyboard.press('Tab')
    }
    // Only an empty select is picked again: clicking a multiple select's option twice would take it back out.
    if (attempt === 3) return
    const shown = select.locator('.el-select__placeholder:not(.is-transparent), .el-tag')
    try {
      await shown.first().waitFor({ state: 'visible', timeout: 2000 })
      return
    } catch {
      // nothing taken: once more
    }
  }
}
