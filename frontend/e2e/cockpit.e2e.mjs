// 领导驾驶舱 end to end in Debian's headless Chromium against the real stack (demo data up to the day of the seed): the demo leader
// finds the cockpit in the menu, opens it at 1920×1080, sees the counties of 信阳 with values,
// the 13710 counters, the funnel, the trade trend and the most overdue cases; switches the map's indicator;
// waits for one refresh (every 3 s here) and finds every chart still the instance it was (no re-mount).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { launchBrowser, publishScreenshots, runAsUser, startStack } from './lib.mjs'

const BIG_SCREEN = { width: 1920, height: 1080 }
const COUNTIES = ['浉河区', '平桥区', '罗山县', '光山县', '新县', '商城县', '固始县', '潢川县', '淮滨县', '息县']

let stack
let browser

describe('领导驾驶舱', () => {
  before(async () => {
    stack = await startStack({ accessTokenTtl: 900 })
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await stack?.stop()
    publishScreenshots(['cockpit'])
  })

  test('the leader opens the cockpit, switches the indicator and sees one refresh update in place', async () => {
    await runAsUser(browser, stack.baseUrl, 'leader', BIG_SCREEN, 'cockpit', async (page) => {
      await page.getByRole('menuitem', { name: '领导驾驶舱' }).click()
      await page.waitForURL(/\/cockpit/)
      await page.goto(`${stack.baseUrl}/cockpit?refresh=3`)
      const cockpit = page.getByTestId('cockpit')
      await page.waitForFunction(() => Number(document.querySelector('[data-testid="cockpit"]')?.dataset.loads) >= 1)
      // Full screen: no admin chrome, and nothing on the page writes.
      assert.equal(await page.getByTestId('sidebar-toggle').count(), 0)

      // The map: the ten county-level divisions of 信阳, open cases by county, some of them non-zero.
      const values = page.getByTestId('cockpit-map-values').locator('li')
      assert.equal(await values.count(), 10)
      const listed = await values.allInnerTexts()
      for (const county of COUNTIES) assert.ok(listed.some((line) => line.startsWith(county)), `${county} on the map`)
      const open = listed.map((line) => Number(line.match(/(\d+)件/)?.[1] ?? 0))
      assert.ok(open.some((n) => n > 0), `open cases by county: ${listed.join(' / ')}`)

      // The 13710 counters, the funnel, the trend and the overdue cases carry the demo year's figures.
      const received = await page.getByTestId('counter-received').locator('.counter__value').innerText()
      assert.ok(Number(received.replace(/,/g, '')) > 0, `cases received: ${received}`)
      for (const chart of ['cockpit-map', 'cockpit-funnel', 'cockpit-trend']) {
        assert.equal(await page.getByTestId(chart).locator('canvas').count(), 1, `${chart} draws`)
      }
      const overdueRows = await page.getByTestId('cockpit-overdue').locator('tbody tr').allInnerTexts()
      assert.ok(overdueRows.length >= 1 && overdueRows.length <= 10)

      // Mark each chart's canvas: a re-mount would replace it.
      await page.evaluate(() => {
        document.querySelectorAll('[data-testid="cockpit-chart"] canvas').forEach((c, i) => (c.dataset.mark = String(i)))
      })

      // Switch the map to funds in place (亿元) and check the ranking follows.
      await page.getByTestId('cockpit-indicators').getByRole('radio', { name: '省外资金到位' }).click()
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid="cockpit-map-values"] li')].some((li) => li.textContent.includes('亿元'))
      )
      assert.match(await cockpit.locator('.panel--map .panel__title').innerText(), /省外资金到位/)

      // One refresh later (every 3 s here, 60 s on the screen): the same canvases, the clock ticking.
      const loads = Number(await cockpit.getAttribute('data-loads'))
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="cockpit"]')?.dataset.loads) > n,
        loads,
        { timeout: 20_000 }
      )
      const marks = await page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="cockpit-chart"] canvas')].map((c) => c.dataset.mark ?? null)
      )
      assert.deepEqual(marks, ['0', '1', '2', '3'].slice(0, marks.length), 'every chart kept its canvas')
      assert.equal(marks.length, 3)

      // Back to open cases for the picture.
      await page.getByTestId('cockpit-indicators').getByRole('radio', { name: '在办诉求' }).click()
      await page.waitForTimeout(800)
    })
  })
})
