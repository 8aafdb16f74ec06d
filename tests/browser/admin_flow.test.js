// Browser test of the administrator's web (issue 12): headless Debian Chromium driven by
// playwright-core against the real xiangke-backend with 90 days of demo history in 余姚市.
//
// The county admin logs in at /admin/login, reads the dashboard, runs an evaluation (考核),
// drills down from an agent to an item to the request behind it and its timeline, downloads the
// Excel file (a zip: starts with PK), and opens the printable 考核结果公示; on the request it
// reveals the farmer's number (audited), then lists open requests, publishes a notice and finds
// the reveal in 审计. Every admin page
// visited has no horizontal page overflow at 1366×768 and at 360×740.
//
// Usage: node admin_flow.test.js BACKEND_EXECUTABLE WORK_DIR   (run by run-browser-test)
'use strict';

const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { chromium } = require(path.join(process.env.XIANGKE_BROWSER_MODULES, 'playwright-core'));

const [backend, workDir] = process.argv.slice(2);
const CHROMIUM = process.env.XIANGKE_CHROMIUM || '/usr/bin/chromium';
const ADMIN_PHONE = '13805740001';  // demo county admin of 余姚市 (330281)
const DEMO_PASSWORD = 'xiangke-demo-2026';
const HISTORY_DAYS = '90';
const MIN_XLSX_BYTES = 4096;

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

// The page never scrolls sideways: wide tables scroll inside their own box.
async function assertNoOverflow(page, label, viewport) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${label}: ${scroll - client} px of horizontal overflow at ${viewport}`);
}

const visited = [];  // [label, path] of every admin page seen at 1366×768
async function checkPage(page, response, label) {
  assert.ok(response, label + ': no response');
  assert.equal(response.status(), 200, label + ': HTTP ' + response.status());
  await assertNoOverflow(page, label, '1366x768');
  const url = new URL(page.url());
  visited.push([label, url.pathname + url.search]);
}

async function main() {
  fs.mkdirSync(workDir, { recursive: true });
  const db = path.join(workDir, 'admin.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  const config = path.join(workDir, 'admin-backend.toml');
  fs.writeFileSync(config, '[matching]\nscheduler = false\n[notify]\nnotifier = "log"\n');
  execFileSync(backend, ['demo', '--db', db, '--history-days', HISTORY_DAYS], { stdio: ['ignore', 'pipe', 'inherit'] });

  const { child, base } = await startServer(db, config);
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN',
      acceptDownloads: true });
    const page = await context.newPage();

    // Without a session /admin/ sends the browser to the login page.
    let response = await page.goto(base + '/admin/');
    assert.equal(new URL(page.url()).pathname, '/admin/login');
    await checkPage(page, response, 'login');
    await page.fill('#phone', ADMIN_PHONE);
    await page.fill('#password', DEMO_PASSWORD);
    [response] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    assert.equal(new URL(page.url()).pathname, '/admin/');
    await checkPage(page, response, 'dashboard');
    const dashboard = await page.textContent('main');
    assert.ok(dashboard.length > 100, 'the dashboard has content');
    for (const section of ['总览', '求助', '特派员', '团队', '触摸屏', '通知', '考核', '审计']) {
      assert.equal(await page.locator(`nav a:text-is("${section}")`).count(), 1, 'navigation link ' + section);
    }

    // 考核: opens on the current year's ranking; run it again for this quarter.
    [response] = await Promise.all([page.waitForNavigation(), page.click('nav a:text-is("考核")')]);
    await checkPage(page, response, 'evaluation');
    assert.ok((await page.locator('table a[href^="/admin/evaluation/agents/"]').count()) > 0, 'agents ranked');
    const today = await page.inputValue('input[name=to]');
    const quarterStart = today.slice(0, 5) + String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1)
      .padStart(2, '0') + '-01';
    await page.fill('input[name=from]', quarterStart);
    [response] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("计算排名")')]);
    await checkPage(page, response, 'evaluation this quarter');
    assert.equal(new URL(page.url()).searchParams.get('from'), quarterStart);
    assert.ok((await page.textContent('main')).includes(quarterStart + ' 至 ' + today));
    const agentLinks = page.locator('table a[href^="/admin/evaluation/agents/"]');
    assert.ok((await agentLinks.count()) > 0, 'agents ranked this quarter');
    assert.ok((await page.locator('svg').count()) > 0, 'the distribution chart');
    const evaluationUrl = page.url();

    // Drill down: the first agent → an item with evidence → the request behind it → its timeline.
    const agentName = (await agentLinks.first().textContent()).trim();
    [response] = await Promise.all([page.waitForNavigation(), agentLinks.first().click()]);
    await checkPage(page, response, 'agent drill-down');
    assert.equal((await page.textContent('h1')).trim(), agentName);
    const item = page.locator('details:has(a[href^="/admin/requests/"])').first();
    assert.ok((await item.count()) > 0, 'an item whose evidence leads to a request');
    await item.locator('summary').click();
    const requestLink = item.locator('a[href^="/admin/requests/"]').first();
    const requestPath = await requestLink.getAttribute('href');
    [response] = await Promise.all([page.waitForNavigation(), requestLink.click()]);
    await checkPage(page, response, 'request timeline');
    assert.equal(new URL(page.url()).pathname, requestPath);
    assert.ok((await page.locator('main li, main tr').count()) > 1, 'the request page shows its timeline');

    // The farmer's number: masked until an audited POST; then 审计 shows who read it.
    const masked = await page.textContent('dl.facts');
    assert.ok(/1\d\d\*{4}\d{4}/.test(masked), 'the number is masked');
    [response] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("查看完整号码")')]);
    assert.equal(response.status(), 200);
    await assertNoOverflow(page, 'phone revealed', '1366x768');
    assert.ok(/1\d{10}/.test(await page.textContent('dl.facts')), 'the full number after the reveal');
    assert.ok(!page.url().includes('phone='), 'no number in the address');

    // 求助: the list, filtered to open requests; 通知: publish one; 审计: the read above.
    [response] = await Promise.all([page.waitForNavigation(), page.click('nav a:text-is("求助")')]);
    await checkPage(page, response, 'requests');
    await page.selectOption('select[name=status]', 'open');
    [response] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("查找")')]);
    await checkPage(page, response, 'open requests');
    assert.equal(new URL(page.url()).searchParams.get('status'), 'open');
    [response] = await Promise.all([page.waitForNavigation(), page.click('nav a:text-is("通知")')]);
    await checkPage(page, response, 'notices');
    await page.fill('#title', '浏览器测试通知');
    await page.fill('#body', '周五上午村委会培训');
    [response] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("发布通知")')]);
    await checkPage(page, response, 'notice published');
    assert.ok((await page.textContent('main')).includes('浏览器测试通知'));
    [response] = await Promise.all([page.waitForNavigation(), page.click('nav a:text-is("审计")')]);
    await checkPage(page, response, 'audit');
    assert.ok((await page.textContent('main')).includes('查看农户电话'), 'the reveal is in the audit log');

    // The Excel download: a zip file of real size.
    response = await page.goto(evaluationUrl);
    await checkPage(page, response, 'evaluation again');
    const [download] = await Promise.all([page.waitForEvent('download'),
      page.click('a:has-text("下载 Excel (.xlsx)")')]);
    const xlsxPath = path.join(workDir, 'evaluation.xlsx');
    await download.saveAs(xlsxPath);
    const xlsx = fs.readFileSync(xlsxPath);
    assert.equal(xlsx.subarray(0, 2).toString('latin1'), 'PK', 'the Excel file is a zip');
    assert.ok(xlsx.length >= MIN_XLSX_BYTES, `the Excel file has ${xlsx.length} bytes`);
    assert.ok(download.suggestedFilename().endsWith('.xlsx'), download.suggestedFilename());

    // The printable 考核结果公示.
    [response] = await Promise.all([page.waitForNavigation(), page.click('a:has-text("打印公示")')]);
    await checkPage(page, response, 'print');
    assert.ok((await page.textContent('h1')).includes('科技特派员年度考核结果公示'));
    assert.ok((await page.locator('table tbody tr').count()) > 0, 'the notice lists the agents');
    assert.ok(await page.isVisible('#print'), 'the print button on screen');
    await page.emulateMedia({ media: 'print' });
    assert.ok(!(await page.isVisible('#print')), 'the print button is not printed');
    await page.emulateMedia({ media: 'screen' });

    // The same pages on a phone.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true,
      locale: 'zh-CN', storageState: await context.storageState() });
    const small = await phone.newPage();
    for (const [label, route] of visited) {
      if (label === 'login') continue;  // with a session the login page moves on
      response = await small.goto(base + route);
      assert.equal(response.status(), 200, label + ' on a phone');
      await assertNoOverflow(small, label, '360x740');
    }
    const login = await (await browser.newContext({ viewport: { width: 360, height: 740 } })).newPage();
    await login.goto(base + '/admin/login');
    await assertNoOverflow(login, 'login', '360x740');

    console.log('admin browser test passed: ' + visited.map(([label, route]) => `${label} ${route}`).join(', ') +
      `; xlsx ${xlsx.length} B`);
  } finally {
    if (browser) await browser.close();
    child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
