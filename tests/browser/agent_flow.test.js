// Browser test of the agent's mobile web (issue 6): headless Debian Chromium driven by
// playwright-core at a 360x740 phone viewport, against the real xiangke-backend.
//
// A kiosk enrolls and pushes a request; a demo agent logs in, finds it in the feed, claims it,
// marks it contacted and records a visit with a photo; the kiosk's next pull shows the change,
// and the public progress page shows it without personal data. Every page is at most 60 KB and
// has no horizontal overflow at 360 px.
//
// Usage: node agent_flow.test.js BACKEND_EXECUTABLE WORK_DIR   (run by run-browser-test)
'use strict';

const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const { chromium } = require(path.join(process.env.XIANGKE_BROWSER_MODULES, 'playwright-core'));

const [backend, workDir] = process.argv.slice(2);
const CHROMIUM = process.env.XIANGKE_CHROMIUM || '/usr/bin/chromium';
const AGENT_PHONE = '13905740101';  // demo agent 陈建国: 水稻 and pest_disease, serves 330281
const DEMO_PASSWORD = 'xiangke-demo-2026';
const VILLAGE = '330281106201';     // the demo kiosk's village (渚山村委会)
const FARMER_PHONE = '13812345678';
const MAX_PAGE_BYTES = 60 * 1024;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function base32(bytes, chars) {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < chars; i++) {
    out = CROCKFORD[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}
function ulid() {
  const time = BigInt(Date.now());
  let t = '';
  let v = time;
  for (let i = 0; i < 10; i++) {
    t = CROCKFORD[Number(v & 31n)] + t;
    v >>= 5n;
  }
  return t + base32(crypto.randomBytes(10), 16);
}
// The kiosk's status token: 16 random bytes as 26 Crockford base32 characters.
const statusToken = () => base32(crypto.randomBytes(16), 26);

// A valid 8x8 PNG (green), so the browser uploads a real image.
function png() {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(8, 0);
  ihdr.writeUInt32BE(8, 4);
  ihdr[8] = 8;  // bit depth
  ihdr[9] = 2;  // RGB
  const rows = [];
  for (let y = 0; y < 8; y++) rows.push(Buffer.from([0, ...Array(8).fill([46, 107, 48]).flat()]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function lastLine(text) {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1].trim();
}

function startServer(db, config) {
  return new Promise((resolve, reject) => {
    const child = spawn(backend, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--config', config,
      '--log-file', path.join(workDir, 'backend.log')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error('the backend did not start: ' + out)), 20000);
    child.stdout.on('data', (data) => {
      out += data;
      const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, base: match[1] });
      }
    });
    child.on('exit', (code) => reject(new Error('the backend exited with ' + code)));
  });
}

async function api(base, method, route, body, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  const res = await fetch(base + route, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// Every page the agent sees: small enough for a weak signal, no sideways scrolling at 360 px.
const checkedPages = [];
async function checkPage(page, response, label) {
  assert.ok(response, label + ': no response');
  const bytes = (await response.body()).length;
  assert.ok(bytes <= MAX_PAGE_BYTES, `${label}: ${bytes} bytes is over 60 KB`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${label}: ${overflow} px of horizontal overflow at 360 px`);
  checkedPages.push(`${label} ${bytes} B`);
}

async function main() {
  fs.mkdirSync(workDir, { recursive: true });
  const db = path.join(workDir, 'browser.db');
  fs.rmSync(db, { force: true });
  for (const suffix of ['-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  const config = path.join(workDir, 'backend.toml');
  fs.writeFileSync(config, '[matching]\nscheduler = false\n[notify]\nnotifier = "log"\n');

  execFileSync(backend, ['demo', '--db', db], { stdio: ['ignore', 'pipe', 'inherit'] });
  const code = lastLine(execFileSync(backend, ['kiosk', 'issue-code', '--db', db, '--village', VILLAGE],
    { encoding: 'utf8' }));

  const { child, base } = await startServer(db, config);
  let browser;
  try {
    // The kiosk: enroll, then push one request as the registration wizard would.
    const enrolled = await api(base, 'POST', '/api/v1/kiosks/enroll',
      { enrollment_code: code, device_name: 'browser-test', protocol_version: 1 });
    assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
    const kioskToken = enrolled.body.token;
    const requestId = ulid();
    const token = statusToken();
    const pushed = await api(base, 'POST', '/api/v1/sync/push', {
      protocol_version: 1,
      ops: [{ op_id: ulid(), type: 'request.create', created_at: Date.now(), payload: {
        request_id: requestId, code: '5203981', village_code: VILLAGE, category: 'pest_disease', crop: '水稻',
        symptoms: ['叶上梭形病斑'], description: '稻叶上很多褐色斑点，越来越多', farmer_name: '李大伯',
        farmer_phone: FARMER_PHONE, preferred_time: '上午', status_token: token } }],
    }, kioskToken);
    assert.equal(pushed.status, 200);
    assert.equal(pushed.body.results[0].status, 'applied', JSON.stringify(pushed.body));

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true,
      hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();

    // Without a session the feed sends the browser to the login page.
    let response = await page.goto(base + '/agent/');
    assert.equal(new URL(page.url()).pathname, '/agent/login');
    await checkPage(page, response, 'login');

    await page.fill('#phone', AGENT_PHONE);
    await page.fill('#password', DEMO_PASSWORD);
    [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/agent/');
    await checkPage(page, response, 'feed');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'xiangke_session');
    assert.ok(session && session.httpOnly && session.sameSite === 'Strict', 'HttpOnly SameSite=Strict session');

    // The request is in the feed with why it matches; open it.
    assert.equal(await page.locator(`a[href="/agent/requests/${requestId}"]`).count(), 1,
      'the pushed request is in the feed');
    [response] = await Promise.all([page.waitForNavigation(),
      page.click(`a[href="/agent/requests/${requestId}"]`)]);
    await checkPage(page, response, 'detail');
    assert.equal(await page.locator('a[href^="tel:"]').count(), 0, 'no phone before claiming');

    [response] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("接单")')]);
    await checkPage(page, response, 'detail after claim');
    assert.equal(await page.locator(`a[href="tel:${FARMER_PHONE}"]`).count(), 1, 'tel: link after claiming');

    [response] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("已联系")')]);
    await checkPage(page, response, 'detail after contacted');
    assert.ok((await page.textContent('body')).includes('已联系农户'));

    // Record the visit: on site, resolved, with a photo.
    await page.fill('#date', '2026-11-26');
    await page.selectOption('#method', 'onsite');
    await page.fill('#summary', '现场查看，是稻瘟病，指导喷施三环唑');
    await page.selectOption('#outcome', 'resolved');
    await page.setInputFiles('#photo', { name: 'field.png', mimeType: 'image/png', buffer: png() });
    [response] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("保存服务记录")')]);
    await checkPage(page, response, 'detail after visit');
    const detail = await page.textContent('body');
    assert.ok(detail.includes('已上传服务照片 1 张'), 'the photo was stored');
    assert.ok(detail.includes('等待农户在触摸屏上确认'));

    for (const [label, route] of [['history', '/agent/history'], ['trainings', '/agent/trainings'],
      ['leave', '/agent/leave']]) {
      response = await page.goto(base + route);
      assert.equal(response.status(), 200, label);
      await checkPage(page, response, label);
    }
    assert.ok((await page.goto(base + '/agent/history')) && (await page.textContent('body')).includes('稻'));

    // The kiosk's next pull shows the change.
    const pulled = await api(base, 'GET', '/api/v1/sync/pull?cursor=0', null, kioskToken);
    assert.equal(pulled.status, 200);
    const change = pulled.body.changes.filter((c) => c.request_id === requestId).pop();
    assert.ok(change, 'a change for the request');
    assert.equal(change.status, 'resolved');
    assert.equal(change.agent_name, '陈建国');
    assert.equal(change.visit_date, '2026-11-26');

    // The family's view: the public page, nothing personal.
    const publicPage = await context.newPage();
    response = await publicPage.goto(base + '/s/' + token);
    assert.equal(response.status(), 200);
    await checkPage(publicPage, response, 'public progress');
    const publicText = await publicPage.textContent('body');
    assert.ok(publicText.includes('专家报告：已解决'));
    for (const personal of [FARMER_PHONE, '李大伯', '褐色斑点']) {
      assert.ok(!publicText.includes(personal), 'no personal data on the public page: ' + personal);
    }
    console.log('browser test passed: ' + checkedPages.join(', '));
  } finally {
    if (browser) await browser.close();
    child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
