// Field visits without a connection, in Debian's headless Chromium against the real stack, on a 375 px phone:
// the app installs its service worker; offline, a cadre records a visit with a photo (shrunk on the phone), sees
// it queued, reloads (the worker serves the shell); back online the queue is sent — the first answer is lost on
// the way, the resend under the same Idempotency-Keys creates nothing twice: exactly one visit and one photo.
import assert from 'node:assert/strict'
import { deflateSync } from 'node:zlib'
import { after, before, describe, test } from 'node:test'
import { apiFromPage, launchBrowser, PHONE, pickOption, publishScreenshots, screenshot, signIn, startStack, waitForShell } from './lib.mjs'

let stack
let browser

const NOTES = `离线走访：企业反映厂房屋顶漏雨（${Date.now().toString(36)}）`

/** A PNG of `width`×`height` (a colour gradient, so it compresses like a photo would not be flat). */
function png(width, height) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    return c >>> 0
  })
  const crc = (buf) => {
    let c = 0xffffffff
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
    return (c ^ 0xffffffff) >>> 0
  }
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length)
    out.writeUInt32BE(data.length, 0)
    out.write(type, 4, 'ascii')
    data.copy(out, 8)
    out.writeUInt32BE(crc(Buffer.concat([Buffer.from(type, 'ascii'), data])), 8 + data.length)
    return out
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8)
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1)
    for (let x = 0; x < width; x++) raw.set([(x * 7) & 255, (y * 5) & 255, ((x + y) * 3) & 255], row + 1 + x * 3)
  }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** The queue entries in the page's IndexedDB, with each photo's type, size and pixel size. */
async function queuedInPage(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const req = indexedDB.open('wrzwq-offline')
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    const rows = await new Promise((resolve, reject) => {
      const req = db.transaction('visits').objectStore('visits').getAll()
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    db.close()
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        body: r.body,
        visitId: r.visitId,
        error: r.error,
        photos: await Promise.all(
          r.photos.map(async (p) => {
            const bitmap = await createImageBitmap(p.blob)
            const bytes = Array.from(new Uint8Array(await p.blob.arrayBuffer()))
            return { key: p.key, name: p.name, type: p.blob.type, size: p.blob.size, width: bitmap.width, height: bitmap.height, bytes }
          })
        )
      }))
    )
  })
}

/** Sends a request from the page with the session's token (what a client resending after a lost answer does). */
async function resend(page, path, key, { json, photo }) {
  return page.evaluate(
    async ({ path, key, json, photo }) => {
      const headers = { Authorization: `Bearer ${localStorage.getItem('wrzwq.access_token')}`, 'Idempotency-Key': key }
      let body
      if (json) {
        headers['Content-Type'] = 'application/json'
        body = JSON.stringify(json)
      } else {
        body = new FormData()
        body.append('file', new Blob([new Uint8Array(photo.bytes)], { type: photo.type }), photo.name)
      }
      const res = await fetch(path, { method: 'POST', headers, body })
      return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: await res.json() }
    },
    { path, key, json, photo }
  )
}

before(async () => {
  stack = await startStack({ accessTokenTtl: 900 })
  browser = await launchBrowser()
}, { timeout: 300_000 })

after(async () => {
  await browser?.close()
  await stack?.stop()
  publishScreenshots(['offline-visit-list', 'offline-visit-form', 'offline-visit-queue'])
}, { timeout: 60_000 })

describe('field visits offline', { concurrency: false }, () => {
  test('a visit and its photo recorded offline are sent once when the connection returns', { timeout: 240_000 }, async () => {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'allow' })
    const page = await context.newPage()
    const problems = []
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
    try {
      // The installable app: a manifest, and a worker that takes control of the page.
      const manifest = await (await page.request.get(`${stack.baseUrl}/manifest.webmanifest`)).json()
      assert.equal(manifest.short_name, '万人助万企')
      await signIn(page, stack.baseUrl, 'guangshan')
      await waitForShell(page)
      await page.evaluate(() => navigator.serviceWorker.ready)
      const enterprises = await apiFromPage(page, '/api/v1/enterprises?page=1&page_size=1')
      const enterprise = enterprises.body.items[0]
      assert.ok(enterprise, 'the county has an enterprise')
      // Loaded once under the worker's control, the reads a form needs offline are in its cache.
      await page.goto(`${stack.baseUrl}/visits`)
      await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller))
      await page.reload()
      await waitForShell(page)
      // The phone's list: cards (the table is never loaded), the keyword search, the filters behind 更多筛选.
      await page.getByTestId('visit-card').first().waitFor({ state: 'visible' })
      assert.equal(await page.getByTestId('visit-table').count(), 0, 'no table on the phone')
      assert.equal(await page.locator('.el-date-editor').count(), 0, 'the date filter waits for 更多筛选')
      await page.locator('.el-message').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined)
      await screenshot(page, 'offline-visit-list')
      await page.getByTestId('visit-more-filters').click()
      await page.locator('.el-date-editor').first().waitFor({ state: 'visible' })
      await page.getByTestId('visit-card').first().locator('button').first().click()
      await page.getByTestId('visit-problem-row').or(page.locator('.visit-card .el-empty')).first().waitFor({ state: 'visible' })
      await page.getByTestId('visit-create').click()
      const form = page.getByTestId('visit-form')
      await form.waitFor({ state: 'visible' })
      await page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/enterprises').catch(() => undefined)

      await context.setOffline(true)
      await form.getByTestId('offline-tag').waitFor({ state: 'visible' })
      await pickOption(page, form.getByTestId('visit-enterprise'), enterprise.name)
      await form.locator('.el-form-item').filter({ hasText: '走访人员' }).locator('.el-select').click()
      await page.keyboard.type('赵服务')
      await page.locator('.el-select-dropdown__item:visible').filter({ hasText: '赵服务' }).first().click()
      await page.keyboard.press('Escape')
      await form.locator('.el-form-item').filter({ hasText: '走访情况' }).locator('textarea').fill(NOTES)
      await form.getByTestId('visit-problem').first().fill('屋顶漏雨影响生产')
      await form.getByTestId('visit-photo-input').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: png(2400, 1800) })
      await form.getByTestId('visit-photo').first().waitFor({ state: 'visible' })
      await form.getByTestId('visit-submit').click()
      await page.locator('.el-message').filter({ hasText: '已存入待发送队列' }).first().waitFor()
      await form.waitFor({ state: 'hidden' })

      const [entry] = await queuedInPage(page)
      assert.ok(entry, 'the visit waits in IndexedDB')
      assert.equal(entry.body.notes, NOTES)
      assert.equal(entry.visitId, null)
      assert.equal(entry.photos.length, 1)
      const [photo] = entry.photos
      assert.equal(photo.type, 'image/jpeg', 'the photo was re-encoded on the phone')
      assert.deepEqual([photo.width, photo.height], [1600, 1200], 'and shrunk to 1600 px on its longer side')
      assert.ok(photo.key && photo.key !== entry.id, 'the photo has its own key')

      // The shell comes from the worker: a reload without a connection still shows the app and the queue.
      await page.reload()
      await waitForShell(page)
      await page.getByTestId('visit-queue-open').waitFor({ state: 'visible' })
      assert.equal(await page.getByTestId('visit-queue-open').locator('xpath=..').locator('.el-badge__content').innerText(), '1')
      await page.getByTestId('visit-create').click()
      await form.waitFor({ state: 'visible' })
      await form.getByTestId('queue-badge').waitFor({ state: 'visible' })
      await form.getByTestId('offline-tag').waitFor({ state: 'visible' })
      // The list's own "no connection" message fades first: the picture shows the form.
      await page.locator('.el-message').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined)
      await screenshot(page, 'offline-visit-form')
      await page.keyboard.press('Escape')
      await form.waitFor({ state: 'hidden' })
      await page.getByTestId('visit-queue-open').click()
      const drawer = page.getByTestId('visit-queue')
      await drawer.getByTestId('queue-item').filter({ hasText: enterprise.name }).waitFor({ state: 'visible' })
      await screenshot(page, 'offline-visit-queue')

      // Back online, the first answer to the visit's creation is lost on the way: the server made it, the phone
      // never heard. The entry stays; the next send repeats the same key and gets the same visit back.
      let lost = 0
      let intercepted = 0
      await context.route('**/api/v1/visits', async (route) => {
        if (route.request().method() !== 'POST' || intercepted > 0) return route.fallback()
        intercepted += 1
        const answer = await route.fetch()
        lost = answer.status()
        await route.abort('connectionreset')
      })
      await context.setOffline(false)
      for (let i = 0; i < 300 && lost === 0; i++) await page.waitForTimeout(100)
      assert.equal(lost, 201, 'the first send reached the server (it created the visit) and its answer was lost')
      // The aborted send ends the first round; the entry waits for the next.
      await drawer.getByTestId('queue-send').and(page.locator(':not(.is-loading)')).waitFor()
      const still = await queuedInPage(page)
      assert.equal(still.length, 1, 'the entry is kept after a network failure')
      await context.unroute('**/api/v1/visits')
      await drawer.getByTestId('queue-send').click()
      await page.locator('.el-message').filter({ hasText: '已发送 1 条走访记录' }).first().waitFor()
      assert.deepEqual(await queuedInPage(page), [], 'the queue is empty once sent')

      const visits = await apiFromPage(page, `/api/v1/visits?enterprise_uscc=${enterprise.uscc}&q=${encodeURIComponent(NOTES)}&page=1&page_size=10`)
      assert.equal(visits.body.total, 1, 'exactly one visit exists')
      const visit = visits.body.items[0]
      const photos = await apiFromPage(page, `/api/v1/visits/${visit.id}/photos`)
      assert.equal(photos.body.items.length, 1, 'exactly one photo exists')
      assert.equal(photos.body.items[0].content_type, 'image/jpeg')
      assert.equal(photos.body.items[0].size, photo.size)

      // A forced replay of the same keys (a client that never heard back) creates nothing new.
      const again = await resend(page, '/api/v1/visits', entry.id, { json: entry.body })
      assert.equal(again.status, 201)
      assert.equal(again.replayed, 'true')
      assert.equal(again.body.id, visit.id)
      const photoAgain = await resend(page, `/api/v1/visits/${visit.id}/photos`, photo.key, { photo })
      assert.equal(photoAgain.status, 201)
      assert.equal(photoAgain.replayed, 'true')
      assert.equal(photoAgain.body.id, photos.body.items[0].id)
      const after = await apiFromPage(page, `/api/v1/visits?enterprise_uscc=${enterprise.uscc}&q=${encodeURIComponent(NOTES)}&page=1&page_size=10`)
      assert.equal(after.body.total, 1)
      assert.equal((await apiFromPage(page, `/api/v1/visits/${visit.id}/photos`)).body.items.length, 1)
    } finally {
      await context.close()
    }
    assert.deepEqual(problems, [], 'the page raised no uncaught errors')
  })
})
