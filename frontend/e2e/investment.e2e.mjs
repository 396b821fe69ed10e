// 招商引资 end to end in Debian's headless Chromium against the real stack (its own stack on fresh databases):
// a county officer enters a project and moves it to started (a refused step explained on the way), the
// indicators page and the dashboard count it; a city officer imports a provincial bulletin (one bad file
// refused row by row, then the good one) and sees the city's rank.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  apiFromPage,
  DESKTOP,
  launchBrowser,
  PHONE,
  pickOption,
  pickRegion,
  publishScreenshots,
  runAsUser,
  screenshot,
  startStack
} from './lib.mjs'

let stack
let browser

/** Today and this year in Asia/Shanghai (the platform's periods): the indicators page opens on the current year. */
const shanghai = new Date(Date.now() + 8 * 3_600_000)
const TODAY = shanghai.toISOString().slice(0, 10)
const YEAR = TODAY.slice(0, 4)
const MONTH = TODAY.slice(0, 7)
const CODE = `GS-E2E-${Date.now().toString(36).toUpperCase()}`
const NAME = `光山县茶产业深加工园（${CODE.slice(-5)}）`

let projectId = null
// An Element Plus input puts its test id on the <input> itself; a picker on a wrapper: either way, the field.
const FIELD = 'xpath=descendant-or-self::input | descendant-or-self::textarea'
let startedBefore = null
let fundsBefore = null

function asUser(username, viewport, shot, fn) {
  return runAsUser(browser, stack.baseUrl, username, viewport, shot, fn)
}

/** A figure of `/api/v1/investment/indicators` as the signed-in user sees it. */
async function figure(page, code, query = `period=${YEAR}`) {
  const res = await apiFromPage(page, `/api/v1/investment/indicators?${query}`)
  assert.equal(res.status, 200, JSON.stringify(res.body))
  return res.body.figures.find((f) => f.code === code)
}

/** Chooses a step on the project page, fills the evidence, submits and waits for the stage tag. */
async function step(page, stage, evidence) {
  const form = page.getByTestId('step-form')
  await form.getByTestId(`step-${stage}`).click()
  await form.getByTestId('step-evidence').locator(FIELD).first().fill(evidence)
  const done = page.waitForResponse((r) => r.url().endsWith(`/api/v1/projects/${projectId}/stage`) && r.request().method() === 'POST')
  await form.getByTestId('step-submit').click()
  const res = await done
  assert.equal(res.status(), 200, `${stage}: ${await res.text()}`)
  await page.locator(`[data-testid="project-detail"] .title-line [data-testid="stage-tag"][data-stage="${stage}"]`).waitFor()
}

before(async () => {
  stack = await startStack({ accessTokenTtl: 600 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
  publishScreenshots(['investment-kanban', 'investment-indicators'])
}, { timeout: 60_000 })

describe('招商引资 end to end', { concurrency: false }, () => {
  test('a county officer enters a project and moves it to started; a refused step is explained', async () => {
    await asUser('guangshan', DESKTOP, 'investment-project-detail', async (page, problems) => {
      startedBefore = Number((await figure(page, 'projects_started')).value)
      fundsBefore = Number((await figure(page, 'out_of_province_funds')).value)

      const menu = page.getByTestId('sidebar-menu')
      await menu.getByText('招商引资').click()
      await menu.getByText('项目库').click()
      await page.waitForURL(/\/investment\/projects$/)
      await page.getByTestId('project-table').waitFor()

      await page.getByTestId('project-create').click()
      const form = page.getByTestId('project-form')
      await form.waitFor({ state: 'visible' })
      await form.getByTestId('field-code').locator(FIELD).first().fill(CODE)
      await form.getByTestId('field-name').locator(FIELD).first().fill(NAME)
      await form.getByTestId('field-investor-name').locator(FIELD).first().fill('深圳市某茶业投资有限公司')
      await pickOption(page, form.getByTestId('field-province'), '广东省', '广东')
      await pickRegion(page, form, '所在县区', '光山县')
      // Below the manufacturing threshold (3亿元): saved, with a warning to check.
      await form.getByTestId('field-investment').locator(FIELD).first().fill('12000')
      await form.getByTestId('field-signed').click()
      const signedDate = form.getByTestId('field-signed-date').locator(FIELD).first()
      await signedDate.fill(TODAY)
      await signedDate.press('Enter')
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/projects') && r.request().method() === 'POST')
      await form.getByTestId('project-submit').click()
      const res = await created
      assert.equal(res.status(), 201, await res.text())
      projectId = (await res.json()).id
      await page.waitForURL(new RegExp(`/investment/projects/${projectId}$`))
      await page.getByTestId('project-name').filter({ hasText: NAME }).waitFor()
      assert.match(await page.getByTestId('project-warning').first().innerText(), /一般不低于3亿元/)
      await page.locator('.title-line [data-testid="stage-tag"][data-stage="signed"]').waitFor()

      // Only the allowed steps are offered: from signed, landing (or stall / cancel), never a jump to started.
      const offered = await page.getByTestId('step-target').locator('label').allInnerTexts()
      assert.deepEqual(offered.map((s) => s.trim()), ['已履约落地', '停滞', '已终止'])

      // A step the server refuses (here: the request rewritten to jump to full capacity) is explained in place.
      await page.route('**/api/v1/projects/*/stage', async (route) => {
        const body = { ...route.request().postDataJSON(), stage: 'at_capacity' }
        await route.continue({ postData: JSON.stringify(body) })
      })
      const refused = page.waitForResponse((r) => r.url().endsWith('/stage'))
      await page.getByTestId('step-form').getByTestId('step-landed').click()
      await page.getByTestId('step-form').getByTestId('step-submit').click()
      assert.equal((await refused).status(), 409)
      const alert = page.getByTestId('step-refused')
      await alert.waitFor()
      const alertText = await alert.innerText()
      assert.match(alertText, /不能变更为“已达产”/)
      assert.match(alertText, /当前允许变更为：已履约落地、停滞、已终止/)
      await page.unroute('**/api/v1/projects/*/stage')

      await step(page, 'landed', '营业执照已办理')
      await step(page, 'started', '实质性开工：主体厂房开工照片')

      // The timeline lists every step with its date and evidence.
      const steps = page.getByTestId('timeline-step')
      assert.equal(await steps.count(), 3)
      assert.deepEqual(
        await steps.evaluateAll((els) => els.map((e) => e.getAttribute('data-stage'))),
        ['signed', 'landed', 'started']
      )
      assert.match(await page.getByTestId('stage-timeline').innerText(), /实质性开工：主体厂房开工照片/)

      // Funds in place of this month, then a correction kept as history.
      await page.getByRole('tab', { name: '实际到位省外资金' }).click()
      const funds = page.getByTestId('project-funds')
      await funds.getByTestId('fund-amount').locator(FIELD).first().fill('1200')
      await funds.getByTestId('fund-submit').click()
      const row = funds.locator(`[data-testid="fund-month-row"][data-month="${MONTH}"]`)
      await row.getByTestId('fund-current').filter({ hasText: '1,200' }).waitFor()
      await row.getByTestId('fund-correct').click()
      await page.getByTestId('correction-amount').locator(FIELD).first().fill('1500')
      await page.getByTestId('correction-reason').locator(FIELD).first().fill('按银行进账单更正')
      await page.getByTestId('correction-submit').click()
      await row.getByTestId('fund-current').filter({ hasText: '1,500' }).waitFor()
      assert.match(await row.getByTestId('fund-history').innerText(), /1,200/)
      assert.match(await funds.getByTestId('fund-total').innerText(), /1,500/)
      assert.deepEqual(problems, [])
    })
  })

  test('the kanban shows the project under 已开工', async () => {
    await asUser('guangshan', DESKTOP, 'investment-kanban', async (page) => {
      await page.goto(`${stack.baseUrl}/investment/projects`)
      await page.getByTestId('view-kanban').click()
      const column = page.getByTestId('kanban-started')
      await column.getByTestId('kanban-card').filter({ hasText: NAME }).waitFor()
      const api = await apiFromPage(page, '/api/v1/projects?stage=started&page_size=1')
      assert.equal(await column.getByTestId('kanban-count').innerText(), String(api.body.total))
      // The project is in no other column.
      assert.equal(await page.getByTestId('kanban-card').filter({ hasText: NAME }).count(), 1)
      await screenshot(page, 'investment-kanban')
    })
  })

  test("the counties' project spreadsheet: template, every bad row listed and nothing stored, then all rows", async () => {
    await asUser('guangshan', DESKTOP, 'investment-project-import', async (page) => {
      await page.goto(`${stack.baseUrl}/investment/projects`)
      await page.getByTestId('project-table').waitFor()
      const before = (await apiFromPage(page, '/api/v1/projects?page_size=1')).body.total
      await page.getByTestId('project-import').click()
      const dialog = page.getByTestId('import-dialog')
      await dialog.waitFor({ state: 'visible' })
      const download = page.waitForEvent('download')
      await dialog.getByTestId('import-template').click()
      assert.match((await download).suggestedFilename(), /\.xlsx$/)

      const header = '项目编号,项目名称,投资方名称,投资方来源,投资方省份,项目类别,所在县区,签约投资额（万元）,签约日期'
      const stamp = Date.now().toString(36).toUpperCase()
      const rows = [
        `IMP-${stamp}-1,光山县羽绒制品扩产项目,浙江某羽绒有限公司,省外,浙江省,制造业,光山县,32000,${TODAY}`,
        `IMP-${stamp}-2,光山县油茶精深加工项目,武汉某油脂有限公司,省外,,制造业,光山县,41000,${TODAY}`
      ]
      const upload = async (name, lines) => {
        const text = `\ufeff${[header, ...lines].join('\n')}`
        await dialog.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') })
        await dialog.getByTestId('import-file').filter({ hasText: name }).waitFor()
        const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/projects/import'))
        await dialog.getByTestId('import-submit').click()
        return answer
      }
      // Row 3 is an out-of-province investor without its province: the whole file is refused.
      const refused = await upload('county-bad.csv', rows)
      assert.equal(refused.status(), 422)
      await dialog.getByTestId('import-errors').waitFor()
      const listed = await dialog.getByTestId('import-errors').locator('tbody tr').allInnerTexts()
      assert.ok(listed.length >= 1 && listed.every((r) => /^3\b/.test(r.trim())), `only row 3 listed: ${listed.join(' | ')}`)
      assert.match(listed.join(' '), /投资方省份/)
      assert.equal((await apiFromPage(page, '/api/v1/projects?page_size=1')).body.total, before, 'nothing stored')

      const accepted = await upload('county-good.csv', [rows[0], rows[1].replace('公司,省外,,', '公司,省外,湖北省,')])
      assert.equal(accepted.status(), 201, await accepted.text())
      await dialog.waitFor({ state: 'hidden' })
      assert.equal((await apiFromPage(page, '/api/v1/projects?page_size=1')).body.total, before + 2)
    })
  })

  test('the indicators page and the dashboard count the started project', async () => {
    await asUser('guangshan', DESKTOP, 'investment-indicators-county', async (page) => {
      const expected = startedBefore + 1
      assert.equal(Number((await figure(page, 'projects_started')).value), expected)
      await page.goto(`${stack.baseUrl}/investment/indicators`)
      const card = page.getByTestId('figure-projects_started')
      await card.getByTestId('figure-value').filter({ hasText: new RegExp(`^${expected}$`) }).waitFor()
      assert.match(await page.getByTestId('indicators-heading').innerText(), /光山县/)
      // Funds in place: the corrected 1,500万元 (not the first 1,200) = 0.15亿元 more this year.
      const funds = Number((await figure(page, 'out_of_province_funds')).value)
      assert.equal(Math.round((funds - fundsBefore) * 100), 15)
      const shown = await page.getByTestId('figure-out_of_province_funds').getByTestId('figure-value').innerText()
      // The page writes 亿元 to two places; the demo's own funds make the API's value finer than that.
      assert.equal(Number(shown.replace(/,/g, '')), Math.round(funds * 100) / 100)
      await page.getByTestId('chart-funnel').getByTestId('chart-canvas').waitFor()

      await page.goto(`${stack.baseUrl}/dashboard`)
      const kpi = page.getByTestId('kpi-inv-started')
      await kpi.getByTestId('kpi-value').filter({ hasText: new RegExp(`^${expected}个$`) }).waitFor()
    })
  })

  test('a city officer imports a bulletin: bad rows listed and nothing stored, then the rank', async () => {
    await asUser('city', DESKTOP, 'investment-bulletin', async (page) => {
      const started = await figure(page, 'projects_started')
      const cityValue = Number(started.value)
      assert.ok(cityValue >= 1, 'the county project counts in the city')
      const others = [
        ['郑州市', '410100', cityValue + 40],
        ['洛阳市', '410300', cityValue + 10],
        ['南阳市', '411300', Math.max(0, cityValue - 1)],
        ['新乡市', '410700', 0]
      ]
      const csv = (rows) => ['地区名称,地区代码,数值,单位', ...rows.map((r) => r.join(','))].join('\n')
      const good = [...others.slice(0, 2), ['信阳市', '411500', cityValue, '个'], ...others.slice(2)].map((r) => (r.length === 3 ? [...r, '个'] : r))
      const bad = [...good.slice(0, 3), ['周口市', '411600', '十二', '个'], ['', '411700', '3', '个']]

      await page.goto(`${stack.baseUrl}/investment/bulletins`)
      await page.getByTestId('bulletin-table').waitFor()
      const before = await apiFromPage(page, '/api/v1/investment/bulletins?page_size=1')
      await page.getByTestId('bulletin-import').click()
      const dialog = page.getByTestId('import-dialog')
      await dialog.waitFor({ state: 'visible' })
      await pickOption(page, dialog.getByTestId('bulletin-indicator'), '开工项目')
      // The year's bulletin: the indicators page opens on the current year (a rank is that of the same period).
      await dialog.getByTestId('bulletin-period').locator(FIELD).first().fill(String(YEAR))
      await dialog.getByTestId('bulletin-source').locator(FIELD).first().fill(`全省“三个一批”开工项目通报（${YEAR}年，端到端）`)

      const upload = async (name, text) => {
        await dialog.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${text}`, 'utf8') })
        await dialog.getByTestId('import-file').filter({ hasText: name }).waitFor()
        const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/investment/bulletins') && r.request().method() === 'POST')
        await dialog.getByTestId('import-submit').click()
        return answer
      }

      const refused = await upload('bad.csv', csv(bad))
      assert.equal(refused.status(), 422)
      await dialog.getByTestId('import-summary').waitFor()
      assert.match(await dialog.getByTestId('import-summary').innerText(), /2 行数据有误.*未导入任何数据/)
      const errorRows = await dialog.getByTestId('import-errors').locator('tbody tr').allInnerTexts()
      assert.ok(errorRows.some((r) => /^5\b/.test(r.trim())), `row 5 (数值) listed: ${errorRows.join(' | ')}`)
      assert.ok(errorRows.some((r) => /^6\b/.test(r.trim())), `row 6 (地区名称) listed: ${errorRows.join(' | ')}`)
      const unchanged = await apiFromPage(page, '/api/v1/investment/bulletins?page_size=1')
      assert.equal(unchanged.body.total, before.body.total, 'nothing stored')

      const accepted = await upload('good.csv', csv(good))
      assert.equal(accepted.status(), 201, await accepted.text())
      await dialog.waitFor({ state: 'hidden' })
      const rank = page.getByTestId('bulletin-detail-rank')
      await rank.waitFor()
      assert.match(await rank.innerText(), /第3位（共5个）/)
      await page.keyboard.press('Escape')
      await page.getByTestId('bulletin-city-rank').filter({ hasText: '第3位（共5个）' }).first().waitFor()
    })
  })

  test('the indicators page shows the city rank with YoY; phone layout usable', async () => {
    await asUser('city', DESKTOP, 'investment-indicators', async (page) => {
      await page.goto(`${stack.baseUrl}/investment/indicators`)
      const card = page.getByTestId('figure-projects_started')
      await card.getByTestId('figure-rank').filter({ hasText: '全省第3位（共5个）' }).waitFor()
      assert.match(await card.getByTestId('figure-yoy').innerText(), /同比/)
      assert.match(await page.getByTestId('indicators-heading').innerText(), /信阳市/)
      await page.getByTestId('chart-by-region').getByTestId('chart-canvas').waitFor()
      await page.getByTestId('chart-monthly').waitFor()
      await screenshot(page, 'investment-indicators')
    })
    await asUser('guangshan', PHONE, 'investment-mobile-kanban', async (page) => {
      await page.goto(`${stack.baseUrl}/investment/projects`)
      await page.getByTestId('view-kanban').click()
      await page.getByTestId('kanban-started').getByTestId('kanban-card').first().waitFor()
      // The board scrolls sideways inside the page; the page itself does not.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 1, `no horizontal page scroll on a phone (${overflow}px)`)
    })
  })
})
