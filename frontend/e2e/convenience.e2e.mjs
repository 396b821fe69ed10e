// Everyday conveniences in Debian's headless Chromium against the real stack: a list's 导出 downloads the
// filtered rows as XLSX; 一企一档 prints (print stylesheet) and downloads as DOCX; 转为诉求 fills in the
// enterprise's contact; 督办 opened from a case has that case chosen; a 包联人 is picked from the accounts.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, DESKTOP, launchBrowser, pickOption, publishScreenshots, runAsUser, screenshot, startStack } from './lib.mjs'

let stack
let browser

function asUser(username, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, DESKTOP, shot, fn)
}

function field(dialog, label) {
  return dialog.locator('.el-form-item').filter({ hasText: label }).first()
}

/** The text of one part of an Office file (a ZIP), character references decoded: what Excel or Word would read. */
function zipPart(file, part) {
  const xml = execFileSync('unzip', ['-p', file, part], { encoding: 'utf8' })
  return xml.replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
}

/** The cell text of an exported sheet (a write-only workbook keeps its strings in the sheet itself). */
function sheetText(file) {
  return zipPart(file, 'xl/worksheets/sheet1.xml')
}

/** Calls the API from the page with the session's token (a write the test needs as a starting point). */
async function sendFromPage(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const token = localStorage.getItem('wrzwq.access_token')
      const res = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify(body)
      })
      return { status: res.status, body: await res.json().catch(() => null) }
    },
    { method, path, body }
  )
}

/** Clicks the 导出 of a list and returns the downloaded file's path, name and the export request's URL. */
async function exportFrom(page) {
  const request = page.waitForRequest((r) => new URL(r.url()).pathname.endsWith('/export'))
  const download = page.waitForEvent('download')
  await page.getByTestId('list-export').click()
  const file = await download
  return { path: await file.path(), name: file.suggestedFilename(), url: new URL((await request).url()) }
}

before(async () => {
  stack = await startStack({ accessTokenTtl: 900 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
  publishScreenshots(['convenience-to-case-form', 'convenience-profile-print'])
}, { timeout: 60_000 })

describe('everyday conveniences end to end', { concurrency: false }, () => {
  test('the case list exports what its filter shows, as XLSX with Chinese headers', async () => {
    await asUser('city', 'convenience-case-export', async (page) => {
      const all = await apiFromPage(page, '/api/v1/cases?page=1&page_size=100')
      const withNo = all.body.items.filter((c) => c.case_no)
      assert.ok(withNo.length >= 2, 'the demo has cases to tell apart')
      const [wanted, other] = [withNo[0], withNo.find((c) => c.title !== withNo[0].title)]
      await page.goto(`${stack.baseUrl}/cases`)
      await page.getByTestId('case-search-q').fill(wanted.case_no)
      await page.getByTestId('case-search-submit').click()
      await page.getByTestId('case-table').locator('.el-table__row').first().filter({ hasText: wanted.title }).waitFor()
      const { path, name, url } = await exportFrom(page)
      assert.equal(name, '诉求列表.xlsx')
      assert.equal(url.searchParams.get('q'), wanted.case_no, 'the export carries the list filter')
      assert.equal(url.searchParams.get('page'), null, 'and no paging')
      const strings = sheetText(path)
      for (const header of ['诉求编号', '诉求标题', '企业名称', '状态', '预警等级', '牵头单位']) assert.ok(strings.includes(header), header)
      assert.ok(strings.includes(wanted.title) && strings.includes(wanted.state_label), 'the filtered case, its state by name')
      if (other) assert.ok(!strings.includes(other.title), 'a case the filter leaves out is not in the file')
      await screenshot(page, 'convenience-case-export')
    })
  })

  test('督办 opened from a case has the case chosen, and the order is issued on it', async () => {
    await asUser('leader', 'convenience-supervise-from-case', async (page) => {
      const open = await apiFromPage(page, '/api/v1/cases?page=1&page_size=100&state=ASSIGNED&state=IN_PROGRESS')
      const item = open.body.items.find((c) => c.lead_unit_id)
      assert.ok(item, 'an assigned case with a lead unit')
      await page.goto(`${stack.baseUrl}/cases/${item.id}`)
      await page.getByTestId('case-supervise').click()
      const form = page.getByTestId('supervision-form')
      await form.waitFor({ state: 'visible' })
      const picker = form.getByTestId('supervision-case')
      await picker.waitFor({ state: 'visible' })
      assert.match(await picker.innerText(), new RegExp(item.title.slice(0, 8)), 'the picker shows the case, chosen')
      const content = `请于三日内报告办理进展（${Date.now().toString(36)}）`
      await form.getByTestId('supervision-level').getByText('警告').click()
      await form.getByTestId('supervision-content').fill(content)
      await screenshot(page, 'convenience-supervise-form')
      const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/supervision-orders')
      await form.getByTestId('supervision-submit').click()
      const res = await posted
      assert.equal(res.status(), 201)
      const order = await res.json()
      assert.equal(order.case_id, item.id)
      assert.equal(order.unit_id, item.lead_unit_id, 'addressed to the case lead unit')
      assert.equal(order.level, 'warning')

      // The 督办 list exports with its level filter.
      await page.goto(`${stack.baseUrl}/supervision`)
      await page.getByTestId('supervision-table').waitFor()
      await pickOption(page, page.locator('.page-search .el-form-item').filter({ hasText: '督办级别' }).locator('.el-select'), '提醒')
      await page.locator('.page-search').getByRole('button', { name: '查询' }).click()
      const { path, url } = await exportFrom(page)
      assert.equal(url.searchParams.get('level'), 'reminder')
      const strings = sheetText(path)
      assert.ok(strings.includes('被督办单位') && strings.includes('督办级别'), 'Chinese headers')
      assert.ok(!strings.includes(content), 'the warning order just issued is filtered out')
    })
  })

  test('转为诉求 fills in the contact of the visited enterprise from the directory', async () => {
    await asUser('guangshan', 'convenience-visit-to-case', async (page) => {
      const ents = await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=100')
      const ent = ents.body.items.find((e) => e.contact_person)
      assert.ok(ent, 'a county enterprise with a contact')
      const marker = `仓储用地不足（${Date.now().toString(36)}）`
      const made = await sendFromPage(page, 'POST', '/api/v1/visits', {
        visit_date: new Date().toISOString().slice(0, 10),
        enterprise_uscc: ent.uscc,
        visitors: ['赵服务'],
        problems: [marker]
      })
      assert.equal(made.status, 201, JSON.stringify(made.body))
      await page.goto(`${stack.baseUrl}/visits`)
      const row = page.getByTestId('visit-table').locator('.el-table__row').filter({ hasText: ent.name }).first()
      await row.locator('.el-table__expand-icon').click()
      await page.getByTestId('visit-problem-row').filter({ hasText: marker }).getByRole('button', { name: '转为诉求' }).click()
      const dialog = page.locator('.el-dialog[data-testid="visit-to-case"]')
      await dialog.waitFor({ state: 'visible' })
      const person = dialog.getByTestId('to-case-contact-person')
      await page.waitForFunction((el) => el.value !== '', await person.elementHandle())
      assert.equal(await person.inputValue(), ent.contact_person)
      await dialog.getByText('已取自企业名录').waitFor()
      await pickOption(page, field(dialog, '诉求分类').locator('.el-select'), '')
      await screenshot(page, 'convenience-to-case-form')
      const posted = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/visits\/\d+\/cases$/.test(new URL(r.url()).pathname))
      await dialog.getByRole('button', { name: '转为诉求' }).click()
      const created = await (await posted).json()
      assert.equal(created.case.contact_person, ent.contact_person)
      assert.ok(created.case.contact_phone, 'the phone came along (from the form or the directory)')
    })
  })

  test('一企一档 prints without the frame and downloads as a DOCX', async () => {
    await asUser('city', 'convenience-profile', async (page) => {
      // The demo enterprise with records in most parts.
      const ents = await apiFromPage(page, `/api/v1/enterprises?page=1&page_size=1&q=${encodeURIComponent('大别山茶业')}`)
      const ent = ents.body.items[0]
      assert.ok(ent, 'the demo enterprise')
      await page.goto(`${stack.baseUrl}/enterprises/${ent.id}/profile`)
      await page.getByTestId('profile-part-cases').waitFor()
      await page.getByTestId('profile-print').waitFor()
      const download = page.waitForEvent('download')
      await page.getByTestId('profile-docx').click()
      const file = await download
      assert.equal(file.suggestedFilename(), `一企一档-${ent.name}.docx`)
      const xml = zipPart(await file.path(), 'word/document.xml')
      assert.ok(xml.includes(`一企一档 · ${ent.name}`) && xml.includes('名录信息') && xml.includes('统一社会信用代码'))
      const profile = (await apiFromPage(page, `/api/v1/enterprises/${ent.id}/profile`)).body
      const cases = profile.parts.find((p) => p.key === 'cases')
      if (cases.items.length) assert.ok(xml.includes(cases.items[0].title) && xml.includes(cases.items[0].state_label), 'cases with their state by name')
      await screenshot(page, 'convenience-profile')
      // The print stylesheet: the sidebar and the buttons go, the page stays.
      await page.emulateMedia({ media: 'print' })
      assert.equal(await page.locator('.layout__aside').isVisible(), false)
      assert.equal(await page.getByTestId('profile-docx').isVisible(), false)
      assert.ok(await page.getByTestId('profile-part-cases').isVisible())
      await screenshot(page, 'convenience-profile-print')
    })
  })

  test('a 包联人 picked from the accounts finds the enterprise under 我的包联企业', async () => {
    let me
    await asUser('guangshan', 'convenience-pairing-account', async (page) => {
      me = (await apiFromPage(page, '/api/v1/auth/me')).body.user
      const ents = await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=100')
      const mine = await apiFromPage(page, '/api/v1/pairings/mine')
      const paired = new Set(mine.body.items.map((i) => i.enterprise.uscc))
      const ent = ents.body.items.find((e) => !paired.has(e.uscc))
      assert.ok(ent, 'an enterprise the officer is not paired with yet')
      await page.goto(`${stack.baseUrl}/pairings`)
      await page.getByRole('tab', { name: '包联关系' }).click()
      await page.getByTestId('pairing-create').click()
      const form = page.getByTestId('pairing-form')
      await form.waitFor({ state: 'visible' })
      await pickOption(page, field(form, '包联企业').locator('.el-select'), ent.name, ent.name.slice(0, 4))
      await pickOption(page, form.getByTestId('pairing-person'), me.display_name, me.display_name.slice(0, 2))
      await pickOption(page, field(form, '包联类型').locator('.el-select'), '服务专员')
      await screenshot(page, 'convenience-pairing-form')
      const posted = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/pairings')
      await form.getByRole('button', { name: '保存' }).click()
      const pairing = await (await posted).json()
      assert.equal(pairing.user_id, me.id)
      await page.getByRole('tab', { name: '我的包联企业' }).click()
      await page.getByText(ent.name).first().waitFor()
    })
  })
})
