// Trade end to end: a county officer registers a worker abroad with a valid GB 11643 ID number, moves them
// through training to departure, and the county's labour figure rises on the indicators page; a city officer
// without trade:worker:pii sees the ID number masked.
// Expects frontend/dist to be built; starts scripts/stack.py on fresh databases and stops it at the end.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, DESKTOP, launchBrowser, PHONE, pickOption, publishScreenshots, runAsUser, startStack } from './lib.mjs'

let stack
let browser

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

/** A valid 18-character ID number of 光山县 (411522): a birth day in 1990s and a random sequence number. */
function idNumber() {
  const day = String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')
  const month = String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')
  const first17 = `411522199${Math.floor(Math.random() * 10)}${month}${day}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

const ID = idNumber()
const MASKED = `${ID.slice(0, 3)}${"*".repeat(12)}${ID.slice(-3)}`
const NAME = '赵一鸣'
const YEAR = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 4)

function asUser(username, shot, fn, viewport = DESKTOP) {
  return runAsUser(browser, stack.baseUrl, username, viewport, shot, fn)
}

/** The county's dispatched figure for this year, as the indicators page shows it. */
async function dispatchedOnPage(page) {
  await page.goto(`${stack.baseUrl}/trade/indicators`)
  const card = page.getByTestId('indicator-labour_dispatched')
  await card.waitFor()
  const text = (await card.getByTestId('indicator-value').textContent()).trim()
  const match = /^(\d+) 人$/.exec(text)
  assert.ok(match, `a count of people, got ${text}`)
  return Number(match[1])
}

/** Moves the first worker of the list one step on today's date. */
async function moveFirst(page, expected) {
  const row = page.getByTestId('records-workers-table').locator('.el-table__body-wrapper tr').first()
  await row.getByTestId('worker-move').click()
  const dialog = page.getByTestId('worker-move-form')
  await dialog.waitFor({ state: 'visible' })
  const done = page.waitForResponse((r) => r.url().endsWith('/transitions') && r.request().method() === 'POST')
  await dialog.getByTestId('worker-move-submit').click()
  const res = await done
  assert.equal(res.status(), 200, `transition answered ${res.status()}: ${await res.text()}`)
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('records-workers-table').getByTestId('worker-status').first().filter({ hasText: expected }).waitFor()
}

before(async () => {
  stack = await startStack({ accessTokenTtl: 900 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
  publishScreenshots(['trade-workers-masked', 'trade-indicators'])
})

describe('对外经贸', () => {
  test('a county officer registers a worker, sends them abroad, and the county figure rises', { timeout: 180_000 }, async () => {
    await asUser('guangshan', 'trade-indicators', async (page) => {
      const before = await dispatchedOnPage(page)
      const api = await apiFromPage(page, `/api/v1/trade/indicators?period=${YEAR}`)
      assert.equal(api.status, 200)
      assert.equal(api.body.region_code, '411522', "a county officer's figures are the county's")

      await page.goto(`${stack.baseUrl}/trade/labour`)
      await page.getByTestId('worker-create').click()
      const form = page.getByTestId('worker-form')
      await form.waitFor({ state: 'visible' })
      await form.getByTestId('field-name').locator('input').fill(NAME)
      // A wrong check character is refused on the field before anything is sent.
      const wrong = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0')
      await form.getByTestId('field-id_number').locator('input').fill(wrong)
      await form.getByTestId('field-passport_number').locator('input').click()
      await form.getByTestId('field-id_number').getByText('校验位错误').waitFor()
      await form.getByTestId('field-id_number').locator('input').fill(ID)
      await form.getByTestId('field-passport_number').locator('input').fill('EG7654321')
      await form.getByTestId('field-sector').locator('input').fill('制造业')
      const program = form.getByTestId('field-program_id').locator('.el-select')
      if (!(await program.textContent()).includes('中韩雇佣制')) await pickOption(page, program, '中韩雇佣制')
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/trade/labour/workers') && r.request().method() === 'POST')
      await form.getByTestId('record-form-save').click()
      const res = await created
      assert.equal(res.status(), 201, `registration answered ${res.status()}: ${await res.text()}`)
      const worker = await res.json()
      assert.equal(worker.id_number, ID, 'the county bureau reads what it registered')
      assert.equal(worker.region_code, '411522')

      const table = page.getByTestId('records-workers-table')
      await table.getByTestId('worker-id-number').filter({ hasText: ID }).first().waitFor()
      await moveFirst(page, '已培训')
      await moveFirst(page, '已出境')

      const after = await dispatchedOnPage(page)
      assert.equal(after, before + 1, `the county's departures rose from ${before} to ${before + 1}`)
      await page.getByTestId('indicator-labour_dispatched').getByTestId('indicator-part-411522').waitFor()
      // The dashboard's trade card counts the departure too.
      await page.goto(`${stack.baseUrl}/dashboard`)
      const kpi = page.getByTestId('kpi-trade-labour_dispatched').getByTestId('kpi-value')
      await kpi.waitFor()
      assert.match(await kpi.textContent(), new RegExp(`^${after}人`))
      // 刷新 reloads the trade cards with the rest of the dashboard.
      const reloaded = page.waitForResponse((r) => r.url().includes('/api/v1/trade/indicators') && r.ok())
      await page.locator('.dashboard__refresh').getByRole('button').click()
      await reloaded
      assert.match(await kpi.textContent(), new RegExp(`^${after}人`))
      // The picture: the county's figures of the report year, with last year's and the breakdowns.
      await page.goto(`${stack.baseUrl}/trade/indicators?period=2021`)
      await page.getByTestId('indicator-labour_dispatched').getByTestId('indicator-yoy').waitFor()
    })
  })

  test('a city officer without the personal-data permission sees the ID number masked', { timeout: 120_000 }, async () => {
    await asUser('city', 'trade-workers-masked', async (page) => {
      await page.goto(`${stack.baseUrl}/trade/labour`)
      await page.getByTestId('worker-masked-hint').waitFor()
      const table = page.getByTestId('records-workers-table')
      const cell = table.getByTestId('worker-id-number').filter({ hasText: MASKED }).first()
      await cell.waitFor()
      const html = await table.innerText()
      assert.ok(!html.includes(ID), 'the clear ID number is nowhere in the list')
      assert.ok(!html.includes(NAME), 'nor the name')
      assert.ok(html.includes(`${NAME[0]}**`), 'the surname only')
      const api = await apiFromPage(page, '/api/v1/trade/labour/workers?page_size=5')
      assert.equal(api.status, 200)
      assert.ok(api.body.items.every((w) => w.pii_masked), 'the API answers masked too')
      // The city's figures include the county's departure.
      const report = await apiFromPage(page, `/api/v1/trade/indicators?period=${YEAR}`)
      const dispatched = report.body.items.find((i) => i.key === 'labour_dispatched')
      assert.ok(dispatched.value >= 1)
    })
  })

  test('every trade page opens for the city officer with the demo records listed', { timeout: 180_000 }, async () => {
    const pages = [
      ['/trade/funds', 'fund-grants'],
      ['/trade/fairs?tab=trainings', 'trainings'],
      ['/trade/exports?tab=shipments', 'shipments'],
      ['/trade/statistics', 'foreign-trade-stats'],
      ['/trade/domestic?tab=honours', 'honours'],
      ['/trade/ecommerce', 'demo-counties'],
      ['/trade/labour?tab=labour-batches', 'labour-batches']
    ]
    await asUser('city', 'trade-pages', async (page) => {
      for (const [path, name] of pages) {
        await page.goto(`${stack.baseUrl}${path}`)
        const rows = page.getByTestId(`records-${name}-table`).locator('.el-table__body-wrapper tr')
        await rows.first().waitFor({ timeout: 15_000 })
        assert.ok((await rows.count()) > 0, `${path} lists records`)
      }
      // A fair's participants open in a drawer.
      await page.goto(`${stack.baseUrl}/trade/fairs`)
      // The fixed actions column is drawn twice by the table; the visible copy is the one to click.
      await page.getByTestId('records-fairs-table').locator('[data-testid="fair-participants"]:visible').first().click()
      await page.getByTestId('records-fair-participants-table').locator('.el-table__body-wrapper tr').first().waitFor()
    })
  })

  test('on a phone the workers are cards, masked for the city officer', { timeout: 120_000 }, async () => {
    await asUser(
      'city',
      'trade-mobile-workers',
      async (page) => {
        await page.goto(`${stack.baseUrl}/trade/labour`)
        const card = page.getByTestId('worker-card').first()
        await card.waitFor()
        assert.match(await card.getByTestId('worker-id-number').textContent(), /^\d{3}\*{12}\d{2}[\dX]$/)
      },
      PHONE
    )
  })
})
