// run.mjs — browser tests of dti's web app: a real `dti serve` on a loopback port with
// the demo organisation, driven through Debian's chromium by playwright-core.
//
//   DTI_BIN=build/dti SCREENSHOTS=build/e2e-screenshots node tests/e2e/run.mjs
//
// DTI_BIN      the dti binary (default: build/dti)
// WEB_ROOT     the web app's directory, passed as --web (default: the server's own, the
//              web/ beside the binary)
// SCREENSHOTS  where each step saves NN-name.png (default: build/e2e-screenshots)
// CHROMIUM     the browser (default: /usr/bin/chromium)
//
// Every step is a check; a failed step does not stop the others. The last line is
// "N passed, M failed"; the exit status is 0 only when nothing failed. The server and
// the browser are stopped whatever happens.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { governanceRoleSteps, governanceSteps } from './governance.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const DTI_BIN = path.resolve(process.env.DTI_BIN || path.join(repo, 'build', 'dti'));
const WEB_ROOT = process.env.WEB_ROOT ? path.resolve(process.env.WEB_ROOT) : '';
const SCREENSHOTS = path.resolve(process.env.SCREENSHOTS || path.join(repo, 'build', 'e2e-screenshots'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_TIMEOUT_MS = 15000;

let tmp = '';
let server = null;
let browser = null;
const results = [];
const problems = []; // console errors, page errors, CSP violations
let expectedStatuses = new Set(); // API error answers the current steps provoke

function log(msg) { process.stdout.write(`${msg}\n`); }

class CheckError extends Error {}
function expect(cond, msg) { if (!cond) throw new CheckError(msg); }

/* ---------- the server ---------- */

/* Creates the demo database; returns its accounts by role: {admin, analyst, owner,
 * viewer}, each {email, password}. */
function makeDemo(db) {
  const r = spawnSync(DTI_BIN, ['demo', '--db', db], {
    env: { ...process.env, DTI_PWHASH_FAST: '1' }, encoding: 'utf8', timeout: 60000,
  });
  if (r.status !== 0) throw new Error(`dti demo failed (${r.status}): ${r.stderr}`);
  // The "e-mail  role  password" table.
  const accounts = {};
  for (const line of r.stdout.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length === 3 && cols[0].includes('@')) accounts[cols[1]] = { email: cols[0], password: cols[2] };
  }
  for (const role of ['admin', 'analyst', 'owner', 'viewer']) {
    if (!accounts[role]) throw new Error(`no ${role} account in the output of dti demo:\n${r.stdout}`);
  }
  return accounts;
}

function startServer(db) {
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0'];
  if (WEB_ROOT) args.push('--web', WEB_ROOT);
  server = spawn(DTI_BIN, args, { env: { ...process.env, DTI_PWHASH_FAST: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dti serve did not start in 10 s: ${stderr}`)), 10000);
    server.stdout.on('data', (d) => {
      out += d;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      const m = /serving .* on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out.slice(0, nl));
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected first line from dti serve: ${out.slice(0, nl)}`));
    });
    server.on('exit', (code) => { clearTimeout(timer); reject(new Error(`dti serve exited (${code}): ${stderr}`)); });
  });
}

function stopServer() {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    const killer = setTimeout(() => { if (server.exitCode === null) server.kill('SIGKILL'); }, 3000);
    killer.unref();
  }
}

/* ---------- the steps ---------- */

let stepNo = 0; // checks and steps, as reported
let shotNo = 0; // browser steps, as their screenshots are numbered
async function step(page, name, fn) {
  stepNo += 1;
  shotNo += 1;
  const nn = String(shotNo).padStart(2, '0');
  const before = problems.length;
  let error = null;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  if (!error && problems.length > before) {
    error = new CheckError(`console: ${problems.slice(before).join(' | ')}`);
  }
  try {
    // The whole page, but at most 1,600 px of it, so that a reviewer can read it.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.screenshot({
      path: path.join(SCREENSHOTS, `${nn}-${name}.png`),
      fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.min(Math.max(height, 800), 1600) },
    });
  } catch (e) {
    log(`  (no screenshot: ${e.message})`);
  }
  results.push({ name, ok: !error });
  if (error) {
    const msg = error instanceof CheckError ? error.message : (error.stack || String(error)).split('\n').slice(0, 6).join('\n    ');
    log(`not ok ${stepNo} - ${name}\n    ${msg}`);
  } else {
    log(`ok ${stepNo} - ${name}`);
  }
}

/* A check that needs no browser (numbered like the others, no screenshot). */
async function check(name, fn) {
  stepNo += 1;
  try {
    await fn();
    results.push({ name, ok: true });
    log(`ok ${stepNo} - ${name}`);
  } catch (e) {
    results.push({ name, ok: false });
    log(`not ok ${stepNo} - ${name}\n    ${e instanceof CheckError ? e.message : e.stack}`);
  }
}

function sourceFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

/* The message catalogues: English, Chinese and French hold the same keys, every key
 * the code names literally is in English, Arabic only holds English keys. And the
 * page has no inline script or style (the CSP would block them). */
async function staticChecks() {
  const web = path.join(repo, 'web');
  const cat = (l) => JSON.parse(fs.readFileSync(path.join(web, 'i18n', `${l}.json`), 'utf8'));
  const en = cat('en');
  const zh = cat('zh');
  await check('i18n-catalogues', async () => {
    const missingZh = Object.keys(en).filter((k) => !(k in zh));
    const extraZh = Object.keys(zh).filter((k) => !(k in en));
    expect(missingZh.length === 0, `zh.json lacks ${missingZh.join(', ')}`);
    expect(extraZh.length === 0, `zh.json has keys English lacks: ${extraZh.join(', ')}`);
    for (const l of ['fr', 'ar']) {
      const extra = Object.keys(cat(l)).filter((k) => !(k in en));
      expect(extra.length === 0, `${l}.json has keys English lacks: ${extra.join(', ')}`);
    }
    // French is complete too (Arabic is started: English fills its gaps)
    const missingFr = Object.keys(en).filter((k) => !(k in cat('fr')));
    expect(missingFr.length === 0, `fr.json lacks ${missingFr.join(', ')}`);
    const used = new Set();
    for (const f of sourceFiles(path.join(web, 'app'))) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-z0-9_.]+)'/g)) used.add(m[1]);
    }
    const missing = [...used].filter((k) => !(k in en));
    expect(used.size > 50, `only ${used.size} literal keys found in web/app`);
    expect(missing.length === 0, `en.json lacks ${missing.join(', ')}`);
  });
  await check('no-inline-script-or-style', async () => {
    const index = fs.readFileSync(path.join(web, 'index.html'), 'utf8');
    expect(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(index), 'index.html has an inline script');
    expect(!/\sstyle=|<style/i.test(index), 'index.html has inline style');
    for (const f of sourceFiles(path.join(web, 'app'))) {
      expect(!/\sstyle=/.test(fs.readFileSync(f, 'utf8')), `${path.relative(repo, f)} sets a style attribute`);
    }
  });
}

const h1Text = async (page) => (await page.locator('main h1').first().innerText()).trim();

/* The numbers of the inventory's "x–y of N" line. */
async function inventoryRange(page) {
  const text = await page.locator('#inventory-range').innerText();
  const nums = text.replace(/[,\s.\u00a0\u202f]/g, '').match(/\d+/g) || [];
  return { text, from: Number(nums[0]), to: Number(nums[1]), total: Number(nums[2]) };
}

/* Waits until the inventory table is loaded (not busy) and returns its rows' ids. */
async function inventoryIds(page) {
  await page.waitForSelector('table.inventory[aria-busy="false"]');
  return page.locator('table.inventory tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.dataset.id)));
}

/* The text of one column (by data-column of its header) for every row. */
async function columnTexts(page, column) {
  return page.evaluate((col) => {
    const ths = [...document.querySelectorAll('table.inventory thead th')];
    const i = ths.findIndex((th) => th.dataset.column === col);
    if (i < 0) return null;
    return [...document.querySelectorAll('table.inventory tbody tr')].map((tr) => tr.children[i].innerText.trim());
  }, column);
}

/* An RFC 4180 CSV text as rows of fields. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

async function apiGet(page, base, p) {
  const r = await page.request.get(new URL(`/api/v1${p}`, base).href);
  return { status: r.status(), body: r.status() === 200 ? await r.json() : null };
}

async function waitForUrl(page, pred, what) {
  try {
    await page.waitForURL((u) => pred(new URL(u)), { timeout: STEP_TIMEOUT_MS });
  } catch (_) {
    throw new CheckError(`the address never became ${what} (it is ${page.url()})`);
  }
}

async function main() {
  if (!fs.existsSync(DTI_BIN)) throw new Error(`no dti binary at ${DTI_BIN} (set DTI_BIN)`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of fs.readdirSync(SCREENSHOTS)) if (/^\d{2,}-.*\.png$/.test(f)) fs.unlinkSync(path.join(SCREENSHOTS, f));
  await staticChecks();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dti-e2e-'));
  const db = path.join(tmp, 'demo.db');
  const accounts = makeDemo(db);
  const admin = accounts.admin;
  const base = await startServer(db);
  log(`# dti serve on ${base}, screenshots in ${SCREENSHOTS}`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  /* A browser context of its own (its own cookies: another user) with a page whose
   * console errors, page errors and CSP violations are reported. */
  const newPage = async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    // Report CSP violations explicitly (Chromium also logs them as console errors).
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
      });
    });
    const pg = await context.newPage();
    pg.setDefaultTimeout(STEP_TIMEOUT_MS);
    pg.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const text = msg.text();
      // Chromium logs every 4xx answer as "Failed to load resource"; the app expects
      // 401 from the API before logging in, for a wrong password and after logging out.
      const url = (msg.location() && msg.location().url) || '';
      // The edit steps expect 409 and 422 answers as well (conflicts, validation).
      const status = (/Failed to load resource: .* status of (\d{3})/.exec(text) || [])[1];
      if (status && url.includes('/api/v1/') && (status === '401' || expectedStatuses.has(status))) return;
      problems.push(text);
      log(`# console error: ${text}${url ? ` (${url})` : ''}`);
    });
    pg.on('pageerror', (err) => {
      problems.push(`page error: ${err.message}`);
      log(`# page error: ${err.message}`);
    });
    return pg;
  };
  const page = await newPage();

  await step(page, 'login-page', async () => {
    await page.goto(base);
    await waitForUrl(page, (u) => u.pathname === '/login' && u.searchParams.get('next') === '/', '/login?next=/');
    await page.getByRole('heading', { level: 1, name: 'Log in to dti' }).waitFor();
    await page.getByLabel('E-mail').waitFor();
    await page.getByLabel('Password').waitFor();
    expect(await page.locator('html').getAttribute('lang') === 'en', 'html lang is not en');
  });

  await step(page, 'wrong-password', async () => {
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.innerText()).includes('Wrong e-mail or password'), `the error says: ${await alert.innerText()}`);
    expect(new URL(page.url()).pathname === '/login', 'left the log-in page');
    expect(await page.getByLabel('E-mail').getAttribute('aria-invalid') === 'true', 'the e-mail field is not marked invalid');
  });

  let statsBody = null;
  await step(page, 'login-dashboard', async () => {
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await waitForUrl(page, (u) => u.pathname === '/', 'the dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const stats = await apiGet(page, base, '/stats');
    expect(stats.status === 200, `GET /stats answered ${stats.status}`);
    statsBody = stats.body;
    const big = (await page.locator('a.big-number').innerText()).replace(/\D/g, '');
    expect(Number(big) === statsBody.totals.processes, `the dashboard shows ${big} processes, the API ${statsBody.totals.processes}`);
    const paper = statsBody.by_nature.find((r) => r.value === 'paper');
    const link = page.locator('a[href="/processes?nature=paper"]');
    expect(await link.count() === 1, 'no link to the paper processes');
    expect(Number((await link.innerText()).replace(/\D/g, '')) === paper.count, 'the paper count differs from the API');
    const user = page.locator('.user-menu summary');
    expect((await user.innerText()).trim().length > 0, 'no user name in the top bar');
  });

  await step(page, 'keyboard', async () => {
    await page.goto(new URL('/', base).href);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement.textContent.trim());
    expect(first === 'Skip to content', `the first Tab stop is "${first}", not the skip link`);
    const tabTo = async (text) => {
      for (let i = 0; i < 10; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => document.activeElement.textContent.trim()) === text) return;
      }
      throw new CheckError(`Tab never reaches "${text}"`);
    };
    await tabTo('Inventory');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    expect(outline !== 'none', 'the focused link has no visible outline');
    await page.keyboard.press('Enter');
    await waitForUrl(page, (u) => u.pathname === '/processes', '/processes');
    await page.locator('table.inventory tbody tr').first().waitFor();
    await page.goto(new URL('/', base).href);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  });

  await step(page, 'dashboard-charts', async () => {
    // Each chart card holds a drawn chart (a canvas inside the chart's box) and the
    // table that says the same for keyboard and screen-reader users.
    for (const id of ['dashboard-nature', 'dashboard-status', 'dashboard-unit', 'dashboard-digitisation']) {
      const card = page.locator(`#${id}`);
      await card.locator('h2').waitFor();
      await card.locator('.chart[data-ready="true"] canvas').first().waitFor();
      const box = await card.locator('.chart').boundingBox();
      expect(box && box.width > 200 && box.height > 100, `${id}: the chart is ${box && box.width}×${box && box.height}`);
      expect(await card.locator('.chart').getAttribute('aria-hidden') === 'true', `${id}: the chart is not hidden from assistive technology`);
      expect(await card.locator('table').count() === 1, `${id}: no table under the chart`);
    }
    const rows = await page.locator('#dashboard-status table tbody tr').count();
    expect(rows === 5, `${rows} rows in the status table`);
    // The charts follow the window's width.
    const before = (await page.locator('#dashboard-digitisation canvas').first().boundingBox()).width;
    await page.setViewportSize({ width: 900, height: 800 });
    await page.waitForFunction((w) => {
      const c = document.querySelector('#dashboard-digitisation canvas');
      return c && Math.abs(c.getBoundingClientRect().width - w) > 50;
    }, before);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.waitForFunction((w) => {
      const c = document.querySelector('#dashboard-digitisation canvas');
      return c && Math.abs(c.getBoundingClientRect().width - w) < 2;
    }, before);
  });

  /* The digitisation level of each top-level unit from the API, as the dashboard
   * should compute it: by_unit_nature summed over the unit and its sub-units. */
  const expectedDigitisation = async () => {
    const stats = (await apiGet(page, base, '/stats')).body;
    const units = (await apiGet(page, base, '/units?limit=1000')).body.items;
    const parent = new Map(units.map((u) => [u.id, u.parent_id]));
    const top = (id) => { while (parent.get(id) !== null && parent.get(id) !== undefined) id = parent.get(id); return id; };
    const sums = new Map();
    for (const g of stats.by_unit_nature) {
      if (g.unit_id === null) continue;
      const s = sums.get(top(g.unit_id)) || { count: 0, volume: 0, natures: {} };
      const n = s.natures[g.nature ?? 'none'] || { count: 0, volume: 0 };
      n.count += g.count; n.volume += g.volume;
      s.natures[g.nature ?? 'none'] = n;
      s.count += g.count; s.volume += g.volume;
      sums.set(top(g.unit_id), s);
    }
    return sums;
  };
  const pctFormat = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
  const pct = { format: (v) => (v > 0 && v < 0.0005 ? '< 0.1%' : v < 1 && v >= 0.9995 ? '> 99.9%' : pctFormat.format(v)) };

  await step(page, 'dashboard-digitisation', async () => {
    const sums = await expectedDigitisation();
    expect(sums.size > 1, `only ${sums.size} top-level units have processes`);
    // The unit with the most processes.
    const [unitId, want] = [...sums].sort((a, b) => b[1].count - a[1].count)[0];
    const unitCode = (await apiGet(page, base, `/units/${unitId}`)).body.code;
    const row = page.locator(`#dashboard-digitisation tr[data-unit-id="${unitId}"]`);
    await row.waitFor();
    for (const weight of ['volume', 'count']) {
      if (weight === 'count') {
        await page.getByLabel('number of processes').check();
        await page.locator('#dashboard-digitisation .chart[data-ready="true"] canvas').first().waitFor();
      }
      let sum = 0;
      for (const nature of ['paper', 'manual', 'partly_digital', 'digital']) {
        const n = want.natures[nature] || { count: 0, volume: 0 };
        const share = n[weight] / want[weight];
        sum += share;
        const cell = row.locator(`td[data-nature="${nature}"] a`);
        const text = (await cell.innerText()).trim();
        expect(text === pct.format(share), `${weight}, ${nature}: the table shows ${text}, the API gives ${pct.format(share)}`);
        const href = await cell.getAttribute('href');
        expect(href === `/processes?unit_id=${unitId}&nature=${nature}`, `${nature}: links to ${href}`);
      }
      expect(Math.abs(sum - 1) < 1e-9, `${weight}: the shares add up to ${sum}`);
      // The chart's bar for the unit says the same as the table (in percent).
      const bar = await page.locator('#dashboard-digitisation .chart').evaluate(async (el, [code, natures]) => {
        const echarts = await import('/vendor/echarts.esm.min.mjs');
        const opt = echarts.getInstanceByDom(el).getOption();
        const i = opt.yAxis[0].data.findIndex((l) => l.startsWith(`${code} `));
        return natures.map((n, k) => opt.series[k].data[i]);
      }, [unitCode, ['paper', 'manual', 'partly_digital', 'digital']]);
      const wantBar = ['paper', 'manual', 'partly_digital', 'digital'].map((n) => Math.round(((want.natures[n] || { count: 0, volume: 0 })[weight] / want[weight]) * 10000) / 100);
      expect(JSON.stringify(bar) === JSON.stringify(wantBar), `${weight}: the bar is ${bar}, the API gives ${wantBar}`);
    }
    const total = Number((await row.locator('td[data-total="count"]').innerText()).replace(/\D/g, ''));
    expect(total === want.count, `the row counts ${total} processes, the API ${want.count}`);
    await page.getByLabel('yearly volume').check();
    await page.locator('#dashboard-digitisation td[data-nature="paper"] a').first().waitFor();
    // Let the bars finish moving before the screenshot.
    await page.waitForTimeout(1200);
  });

  await step(page, 'dashboard-chart-click', async () => {
    // Click the middle of the "paper" bar of the nature chart, found through ECharts's
    // own coordinates (the app and this script share the module, loaded once).
    const paper = statsBody.by_nature.find((r) => r.value === 'paper').count;
    const chartBox = page.locator('#dashboard-nature .chart');
    const at = await chartBox.evaluate(async (el, value) => {
      const echarts = await import('/vendor/echarts.esm.min.mjs');
      const chart = echarts.getInstanceByDom(el);
      return chart.convertToPixel({ seriesIndex: 0 }, [value / 2, 0]);
    }, paper);
    await chartBox.scrollIntoViewIfNeeded();
    const box = await chartBox.boundingBox();
    await page.mouse.click(box.x + at[0], box.y + at[1]);
    await waitForUrl(page, (u) => u.pathname === '/processes' && u.search === '?nature=paper', '/processes?nature=paper');
    await inventoryIds(page);
    const r = await inventoryRange(page);
    expect(r.total === paper, `the inventory lists ${r.total} paper processes, the API counts ${paper}`);
    expect(await page.locator('#inventory-filter-nature').inputValue() === 'paper', 'the nature filter does not say paper');
    await page.goto(new URL('/', base).href);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  });

  let fullTotal = 0;
  await step(page, 'inventory', async () => {
    await page.locator('header.topbar').getByRole('link', { name: 'Inventory' }).click();
    await waitForUrl(page, (u) => u.pathname === '/processes', '/processes');
    const ids = await inventoryIds(page);
    const r = await inventoryRange(page);
    fullTotal = r.total;
    expect(r.total === statsBody.totals.processes, `"${r.text}" but the API counts ${statsBody.totals.processes}`);
    expect(ids.length === Math.min(50, r.total) && r.from === 1 && r.to === ids.length, `${ids.length} rows, range "${r.text}"`);
    expect(await page.locator('table.inventory th[aria-sort]').count() > 0, 'no sortable header');
  });

  await step(page, 'search-recruit', async () => {
    const box = page.getByLabel('Search processes');
    await box.fill('recruit');
    await waitForUrl(page, (u) => u.searchParams.get('q') === 'recruit', 'q=recruit');
    await page.waitForFunction(() => !/^\s*1–50 /.test(document.querySelector('#inventory-range').innerText));
    const ids = await inventoryIds(page);
    const r = await inventoryRange(page);
    expect(ids.length > 0 && r.total === ids.length, `"${r.text}" with ${ids.length} rows`);
    expect(r.total < fullTotal, `the search did not narrow the list (${r.total} of ${fullTotal})`);
    for (const id of ids) {
      const p = (await apiGet(page, base, `/processes/${id}`)).body;
      const text = [p.code, p.name, p.name_zh, p.description, p.pain_points].join(' ').toLowerCase();
      expect(text.includes('recruit'), `row ${p.code} does not contain "recruit"`);
    }
  });

  let paperIds = [];
  await step(page, 'filter-nature', async () => {
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await waitForUrl(page, (u) => u.pathname === '/processes' && !u.search, '/processes');
    await page.getByRole('group', { name: 'Filters' }).getByLabel('Nature').selectOption('paper');
    await waitForUrl(page, (u) => u.searchParams.get('nature') === 'paper', 'nature=paper');
    await page.waitForFunction((n) => document.querySelector('#inventory-range').innerText.includes(`of ${n}`),
      statsBody.by_nature.find((x) => x.value === 'paper').count);
    paperIds = await inventoryIds(page);
    const natures = await columnTexts(page, 'nature');
    expect(natures && natures.length > 0 && natures.every((n) => n === 'Paper'), `nature cells: ${natures}`);
    expect(paperIds.length < fullTotal, 'the filter did not narrow the list');
  });

  await step(page, 'filter-after-reload', async () => {
    await page.reload();
    const ids = await inventoryIds(page);
    expect(await page.getByRole('group', { name: 'Filters' }).getByLabel('Nature').inputValue() === 'paper', 'the nature filter is not selected after reload');
    expect(JSON.stringify(ids) === JSON.stringify(paperIds), 'other rows after reload');
  });

  await step(page, 'filter-owner', async () => {
    // the owner of the most processes, chosen by name in the Owner filter
    const all = (await apiGet(page, base, '/processes?limit=1000')).body.items;
    const counts = new Map();
    for (const p of all) if (p.owner_id !== null) counts.set(p.owner_id, (counts.get(p.owner_id) || 0) + 1);
    const [ownerId, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
    const owner = (await apiGet(page, base, `/people/${ownerId}`)).body;
    await page.goto(new URL('/processes', base).href);
    await inventoryIds(page);
    const filter = page.getByRole('group', { name: 'Filters' }).getByLabel('Owner');
    await filter.locator(`option[value="${ownerId}"]`).waitFor({ state: 'attached' });
    await filter.selectOption({ label: owner.name });
    await waitForUrl(page, (u) => u.searchParams.get('owner_id') === String(ownerId), `owner_id=${ownerId}`);
    await page.waitForFunction((want) => document.querySelectorAll('table.inventory tbody tr').length === want, Math.min(n, 50));
    const ids = await inventoryIds(page);
    const want = all.filter((p) => p.owner_id === ownerId).map((p) => p.id);
    expect(ids.length === Math.min(n, 50) && ids.every((id) => want.includes(id)), `rows ${ids} are not those of ${owner.name}`);
    expect((await inventoryRange(page)).total === n, `the range says ${(await inventoryRange(page)).text}, want ${n}`);
  });

  await step(page, 'sort-by-volume', async () => {
    await page.goto(new URL('/processes', base).href);
    const before = await inventoryIds(page);
    const th = page.locator('th[data-column="volume_per_year"]');
    expect(await th.getAttribute('aria-sort') === 'none', 'aria-sort is not none before sorting');
    const nums = async () => (await columnTexts(page, 'volume_per_year'))
      .map((s) => s.replace(/[^\d]/g, '')).filter((s) => s !== '').map(Number);
    await th.getByRole('button').click();
    await waitForUrl(page, (u) => u.searchParams.get('sort') === 'volume_per_year', 'sort=volume_per_year');
    await page.waitForFunction(() => document.querySelector('th[data-column="volume_per_year"]').getAttribute('aria-sort') === 'ascending');
    const asc = await inventoryIds(page);
    const av = await nums();
    expect(av.every((v, i) => i === 0 || av[i - 1] <= v), `not ascending: ${av.slice(0, 10)}`);
    expect(JSON.stringify(asc) !== JSON.stringify(before), 'the order did not change');
    await th.getByRole('button').click();
    await waitForUrl(page, (u) => u.searchParams.get('sort') === '-volume_per_year', 'sort=-volume_per_year');
    await page.waitForFunction(() => document.querySelector('th[data-column="volume_per_year"]').getAttribute('aria-sort') === 'descending');
    await inventoryIds(page);
    const dv = await nums();
    expect(dv.length > 1 && dv.every((v, i) => i === 0 || dv[i - 1] >= v), `not descending: ${dv.slice(0, 10)}`);
    expect(dv[0] > av[0], 'descending starts no higher than ascending');
  });

  await step(page, 'page-next', async () => {
    const first = await inventoryIds(page);
    await page.getByRole('button', { name: 'Next' }).click();
    await waitForUrl(page, (u) => u.searchParams.get('offset') === '50', 'offset=50');
    await page.waitForFunction(() => /^\s*51–/.test(document.querySelector('#inventory-range').innerText));
    const second = await inventoryIds(page);
    expect(second.length > 0 && !second.some((id) => first.includes(id)), 'the second page repeats rows of the first');
    expect(new URL(page.url()).searchParams.get('sort') === '-volume_per_year', 'paging lost the sort');
  });

  await step(page, 'column-chooser', async () => {
    await page.locator('.column-chooser summary').click();
    await page.getByLabel('Annual cost').check();
    await page.locator('th[data-column="annual_cost"]').waitFor();
    await page.keyboard.press('Escape');
    await page.reload();
    await inventoryIds(page);
    expect(await page.locator('th[data-column="annual_cost"]').count() === 1, 'the chosen column is gone after reload');
  });

  await step(page, 'export-csv', async () => {
    // every row the view selects (not only this page), in its order, with its columns
    const view = new URL(page.url()).searchParams;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename() === 'processes.csv', `file name ${download.suggestedFilename()}`);
    const rows = parseCsv(fs.readFileSync(await download.path(), 'utf8'));
    const header = await page.locator('table.inventory thead th').evaluateAll((ths) => ths.map((th) => th.dataset.column));
    expect(JSON.stringify(rows[0]) === JSON.stringify(header), `CSV header ${rows[0]} vs the table's columns ${header}`);
    const all = (await apiGet(page, base, `/processes?limit=1000&sort=${view.get('sort') || 'id'}`)).body;
    expect(rows.length - 1 === all.total, `${rows.length - 1} rows exported, ${all.total} in the list`);
    const codes = rows.slice(1).map((r) => r[0]);
    expect(JSON.stringify(codes) === JSON.stringify(all.items.map((p) => p.code)), 'the exported rows are not in the view\'s order');
  });

  // A process with dependencies out: the first dependency in the demo data.
  let proc = null;
  let other = null;
  await step(page, 'process-page', async () => {
    const dep = (await apiGet(page, base, '/dependencies?limit=1&sort=id')).body.items[0];
    proc = (await apiGet(page, base, `/processes/${dep.from_id}`)).body;
    other = (await apiGet(page, base, `/processes/${dep.to_id}`)).body;
    await page.goto(new URL('/processes', base).href);
    await page.getByLabel('Search processes').fill(proc.code);
    await page.getByLabel('Search processes').press('Enter');
    await waitForUrl(page, (u) => u.searchParams.get('q') === proc.code, `q=${proc.code}`);
    await page.locator(`table.inventory tbody tr[data-id="${proc.id}"] a`).first().click();
    await waitForUrl(page, (u) => u.pathname === `/processes/${proc.id}`, `/processes/${proc.id}`);
    await page.locator('main h1', { hasText: proc.code }).waitFor();
    const h1 = await h1Text(page);
    expect(h1.includes(proc.name), `the title "${h1}" lacks the name`);
    const details = await page.locator('dl.details').innerText();
    for (const label of ['Description', 'Owner', 'Nature', 'Maturity', 'Pain points', 'Status']) {
      expect(details.toLowerCase().includes(label.toLowerCase()), `the details lack "${label}"`);
    }
    if (proc.description) expect(details.includes(proc.description.slice(0, 40)), 'the description is not shown');
    const strip = await page.locator('dl.summary-strip').innerText();
    expect(/nature/i.test(strip) && /volume per year/i.test(strip), 'no summary strip');
  });

  await step(page, 'process-dependencies', async () => {
    await page.getByRole('navigation', { name: 'Sections of the process' }).getByRole('link', { name: 'Dependencies' }).click();
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'dependencies', 'tab=dependencies');
    const out = page.locator('table[data-dependencies="out"]');
    await out.waitFor();
    const link = out.locator(`a[href="/processes/${other.id}"]`);
    expect(await link.count() === 1, `no link to ${other.code} among the dependencies out`);
    await link.click();
    await waitForUrl(page, (u) => u.pathname === `/processes/${other.id}`, `/processes/${other.id}`);
    await page.locator('main h1', { hasText: other.code }).waitFor();
    await page.getByRole('navigation', { name: 'Sections of the process' }).getByRole('link', { name: 'Dependencies' }).click();
    const into = page.locator('table[data-dependencies="in"]');
    await into.waitFor();
    expect(await into.locator(`a[href="/processes/${proc.id}"]`).count() === 1, `${proc.code} is not among the dependencies in`);
  });

  await step(page, 'process-impact', async () => {
    // "what does changing this affect": the tab lists what the API computes
    await page.goto(new URL(`/processes/${proc.id}?tab=impact`, base).href);
    await page.locator('table.impact tbody tr').first().waitFor();
    const want = (await apiGet(page, base, `/processes/${proc.id}/impact?limit=200`)).body;
    const rows = await page.locator('table.impact tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.id)));
    expect(JSON.stringify(rows) === JSON.stringify(want.items.map((i) => i.id)), `rows ${rows} vs the API's ${want.items.map((i) => i.id)}`);
    expect((await page.locator('#impact-summary').innerText()).includes(`${want.total} process`), 'the summary does not give the total');
    const first = page.locator('table.impact tbody tr').first();
    expect((await first.locator('.impact-path').innerText()).startsWith(proc.code), 'the chain does not start at this process');
    // upstream, one step: what it relies on directly
    await page.getByLabel('What it relies on (upstream)').check();
    await page.locator('#impact-depth').selectOption('1');
    const up = (await apiGet(page, base, `/processes/${proc.id}/impact?direction=up&depth=1`)).body;
    if (up.total === 0) {
      await page.locator('.impact-panel p.empty').waitFor();
    } else {
      await page.waitForFunction((n) => document.querySelectorAll('table.impact tbody tr').length === n &&
        document.querySelector('.impact-panel').getAttribute('aria-busy') === 'false', up.items.length);
    }
  });

  await step(page, 'dependency-graph', async () => {
    await page.locator('header.topbar').getByRole('link', { name: 'Dependencies' }).click();
    await waitForUrl(page, (u) => u.pathname === '/graph', '/graph');
    await page.locator('.graph-page p.empty').waitFor();
    await page.goto(new URL(`/graph?process=${proc.id}&depth=2`, base).href);
    const want = (await apiGet(page, base, `/analysis/neighbourhood?process_id=${proc.id}&depth=2&limit=300`)).body;
    await page.locator('.graph-canvas canvas').first().waitFor();
    await page.locator('.graph-table summary').click();
    const rows = await page.locator('table.graph-nodes tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.id)));
    expect(JSON.stringify(rows) === JSON.stringify(want.nodes.map((n) => n.id)), `table ${rows} vs API ${want.nodes.map((n) => n.id)}`);
    expect(await page.locator('table.graph-edges tbody tr').count() === want.edges.length, 'the edges table differs from the API');
    // the drawing holds the same nodes; clicking one shows its impact
    const other = want.nodes.find((n) => n.direction !== 'centre');
    const pos = await page.evaluate((id) => {
      const box = document.querySelector('.graph-canvas');
      const cy = box._cyreg && box._cyreg.cy;
      if (!cy) return null;
      const r = box.getBoundingClientRect();
      const p = cy.$id(String(id)).renderedPosition();
      return { x: r.left + p.x, y: r.top + p.y, n: cy.nodes().length };
    }, other.id);
    expect(pos && pos.n === want.nodes.length, `the drawing has ${pos && pos.n} nodes, the API ${want.nodes.length}`);
    await page.mouse.click(pos.x, pos.y);
    const panel = page.locator('.graph-picked');
    await panel.locator(`a[href="/processes/${other.id}"]`).waitFor();
    const down = (await apiGet(page, base, `/processes/${other.id}/impact?limit=1`)).body.total;
    expect((await panel.innerText()).includes(`affects ${down} processes`), `panel: ${await panel.innerText()}`);
    // colour by wave, fewer kinds: kept in the address
    await page.locator('#graph-colour').selectOption('wave');
    await waitForUrl(page, (u) => u.searchParams.get('colour') === 'wave', 'colour=wave');
    await page.getByLabel('shares data').uncheck();
    await waitForUrl(page, (u) => (u.searchParams.get('kinds') || '').split(',').length === 4, 'kinds without shares_data');
    await page.locator('.graph-canvas canvas').first().waitFor();
    // back to the process, where the next steps start
    await page.goto(new URL(`/processes/${proc.id}`, base).href);
    await page.locator('main h1', { hasText: proc.code }).waitFor();
  });

  await step(page, 'dependency-analyses', async () => {
    await page.goto(new URL('/graph', base).href);
    await page.locator('nav.subnav').getByRole('link', { name: 'Clusters, waves, hubs and checks' }).click();
    await waitForUrl(page, (u) => u.pathname === '/analyses', '/analyses');
    const clusters = (await apiGet(page, base, '/analysis/clusters?limit=50')).body;
    await page.locator('table.analyses-clusters tbody tr').first().waitFor();
    expect(await page.locator('table.analyses-clusters tbody tr').count() === clusters.items.length,
      `${clusters.items.length} clusters from the API`);
    const tabs = page.getByRole('navigation', { name: 'Analyses' });
    await tabs.getByRole('link', { name: 'Waves' }).click();
    const waves = (await apiGet(page, base, '/analysis/waves?limit=60')).body;
    await page.locator('table.analyses-waves tbody tr').first().waitFor();
    expect(await page.locator('table.analyses-waves tbody tr').count() === waves.total, `${waves.total} waves from the API`);
    await tabs.getByRole('link', { name: 'Hubs' }).click();
    const hubs = (await apiGet(page, base, '/analysis/hubs?limit=30')).body;
    await page.locator(`table.analyses-hubs tbody tr[data-id="${hubs.items[0].id}"]`).waitFor();
    await tabs.getByRole('link', { name: 'Checks' }).click();
    const checks = (await apiGet(page, base, '/analysis/checks?limit=500')).body;
    await page.locator('.check-counts li').first().waitFor();
    const noOwner = checks.by_rule.find((r) => r.rule === 'no_owner').count;
    expect((await page.locator('.check-counts').innerText()).includes(`No owner: ${noOwner}`), `checks: ${await page.locator('.check-counts').innerText()}`);
    await page.goto(new URL(`/processes/${proc.id}`, base).href); // where the next steps start
    await page.locator('main h1', { hasText: proc.code }).waitFor();
  });

  await step(page, 'process-goals', async () => {
    await page.getByRole('link', { name: 'Goals' }).click();
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'goals', 'tab=goals');
    const links = (await apiGet(page, base, `/processes/${other.id}/goals`)).body;
    if (links.total > 0) {
      await page.locator('table.goals tbody tr').first().waitFor();
      expect(await page.locator('table.goals tbody tr').count() === links.total, 'not every goal link is shown');
    } else {
      await page.getByText('not linked to any strategic goal').waitFor();
    }
  });

  /* ---------- editing (issue 4, second step) ---------- */
  expectedStatuses = new Set(['409', '422']);
  const procUrl = () => new URL(`/processes/${proc.id}`, base).href;
  const openEdit = async () => {
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.locator('form.process-form #f-code').waitFor();
  };
  // A PATCH by "someone else": the admin's session from the page, with its CSRF token.
  const patchAsOther = (id, body) => page.evaluate(async ({ id, body }) => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch(`/api/v1/processes/${id}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token }, body: JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() };
  }, { id, body });

  await step(page, 'edit-save', async () => {
    const before = (await apiGet(page, base, `/processes/${proc.id}`)).body;
    await page.goto(procUrl());
    await page.locator('main h1', { hasText: proc.code }).waitFor();
    await openEdit();
    expect(await page.locator('#f-name').inputValue() === before.name, 'the form does not show the name');
    expect(await page.locator('#f-owner_id').getAttribute('aria-describedby') === null, 'a clean field is described by an error');
    const name = `${before.name} (revised)`;
    await page.locator('#f-name').fill(name);
    await page.locator('#f-volume_per_year').fill('4321');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `version ${before.version + 1}` }).waitFor();
    await page.locator('main h1', { hasText: '(revised)' }).waitFor();
    const after = (await apiGet(page, base, `/processes/${proc.id}`)).body;
    expect(after.version === before.version + 1, `version ${after.version}, expected ${before.version + 1}`);
    expect(after.name === name && after.volume_per_year === 4321, `stored: ${after.name}, ${after.volume_per_year}`);
    expect(after.maturity === before.maturity && after.description === before.description, 'an unchanged field changed');
    const strip = await page.locator('dl.summary-strip').innerText();
    expect(strip.replace(/\D/g, '').includes('4321'), `the summary shows no new volume: ${strip}`);
  });

  await step(page, 'edit-validation', async () => {
    const before = (await apiGet(page, base, `/processes/${proc.id}`)).body;
    await openEdit();
    await page.locator('#f-maturity').fill('9');
    await page.locator('#f-change_from').fill('2027-05-01');
    await page.locator('#f-change_to').fill('2027-01-01');
    await page.locator('#f-pain_points').fill('Typed text that must survive');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.error-summary').waitFor();
    const m = page.locator('#f-maturity');
    expect(await m.getAttribute('aria-invalid') === 'true', '#f-maturity is not aria-invalid');
    expect((await m.getAttribute('aria-describedby') || '').includes('f-maturity-error'), 'maturity is not described by its error');
    expect((await page.locator('#f-maturity-error').innerText()).includes('between 1 and 5'), 'no maturity message beside the field');
    expect(await page.locator('#f-change_to').getAttribute('aria-invalid') === 'true', '#f-change_to is not aria-invalid');
    expect((await page.locator('#f-change_to-error').innerText()).includes('change_from'), 'no change_to message beside the field');
    const summary = await page.locator('.error-summary').innerText();
    expect(/2 fields need attention/.test(summary) && summary.includes('Maturity'), `summary: ${summary}`);
    expect(await m.inputValue() === '9' && await page.locator('#f-pain_points').inputValue() === 'Typed text that must survive', 'typed values were lost');
    const after = (await apiGet(page, base, `/processes/${proc.id}`)).body;
    expect(after.version === before.version && after.maturity === before.maturity && after.pain_points === before.pain_points, 'something was saved');
  });

  let theirVersion = 0;
  await step(page, 'edit-conflict', async () => {
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await openEdit();
    const before = (await apiGet(page, base, `/processes/${proc.id}`)).body;
    await page.locator('#f-name').fill('Name typed by me');
    await page.locator('#f-annual_cost').fill('777');
    const r = await patchAsOther(proc.id, { name: 'Name saved by them', version: before.version });
    expect(r.status === 200, `the other PATCH answered ${r.status}`);
    theirVersion = r.body.version;
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const notice = page.locator('article.conflict');
    await notice.waitFor();
    expect((await notice.innerText()).includes('Someone else saved'), 'the notice does not say what happened');
    const row = notice.locator('tr[data-field="name"]');
    expect((await row.locator('td.theirs').innerText()).trim() === 'Name saved by them', 'their value is not shown');
    expect((await row.locator('td.yours').innerText()).trim() === 'Name typed by me', 'my value is not shown');
    expect(await page.locator('#f-name').inputValue() === 'Name typed by me', 'my typed name was lost');
    const stored = (await apiGet(page, base, `/processes/${proc.id}`)).body;
    expect(stored.name === 'Name saved by them' && stored.version === theirVersion, 'the stale Save wrote something');
  });

  await step(page, 'conflict-keep-editing', async () => {
    await page.getByRole('button', { name: 'Keep editing' }).click();
    await page.locator('article.conflict').waitFor({ state: 'detached' });
    expect(await page.locator('#f-name').inputValue() === 'Name typed by me', 'Keep editing lost my value');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: `version ${theirVersion + 1}` }).waitFor();
    const stored = (await apiGet(page, base, `/processes/${proc.id}`)).body;
    expect(stored.name === 'Name typed by me' && stored.annual_cost === 777, `stored: ${stored.name}, ${stored.annual_cost}`);
    expect(stored.version === theirVersion + 1, `version ${stored.version}`);
    await page.locator('main h1', { hasText: 'Name typed by me' }).waitFor();
  });

  /* ---------- history and the other inventory lists (issue 4, third step) ---------- */
  await step(page, 'history-tab', async () => {
    await page.goto(procUrl());
    await page.locator('main h1', { hasText: proc.code }).waitFor();
    await page.locator('nav.tabs').getByRole('link', { name: 'History' }).click();
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'history', 'tab=history');
    await page.locator('ol.history li.history-entry').first().waitFor();
    const hist = (await apiGet(page, base, `/processes/${proc.id}/history`)).body;
    const entries = page.locator('ol.history li.history-entry');
    expect(await entries.count() === hist.items.length, `${await entries.count()} entries shown, the API has ${hist.items.length}`);
    // The edit-save step: name and volume changed, oldest first, so the first entry.
    const first = entries.first();
    const head = await first.locator('.history-head').innerText();
    expect(head.includes('admin@example.int') || head.includes(admin.email), `no actor in "${head}"`);
    expect(head.includes('Changed'), `no action in "${head}"`);
    const vol = first.locator('tr[data-field="volume_per_year"]');
    expect(await vol.count() === 1, 'the volume change is not in the first entry');
    expect((await vol.locator('th').innerText()).trim() === 'Volume per year', 'the field is not labelled as in the form');
    expect((await vol.locator('td.to').innerText()).replace(/\D/g, '') === '4321', `new volume: ${await vol.locator('td.to').innerText()}`);
    const was = proc.volume_per_year;
    const fromText = (await vol.locator('td.from').innerText()).trim();
    expect(was === null ? fromText === '—' : fromText.replace(/\D/g, '') === String(was), `old volume "${fromText}", expected ${was}`);
    const name = first.locator('tr[data-field="name"]');
    expect((await name.locator('td.from').innerText()).trim() === proc.name, 'the old name is not shown');
    expect((await name.locator('td.to').innerText()).trim() === `${proc.name} (revised)`, 'the new name is not shown');
    // The last entry is the conflict step's save.
    const last = entries.last().locator('tr[data-field="name"] td.to');
    expect((await last.innerText()).trim() === 'Name typed by me', 'the last entry is not the last save');
  });

  await step(page, 'history-empty', async () => {
    await page.goto(new URL(`/processes/${other.id}?tab=history`, base).href);
    await page.locator('main h1', { hasText: other.code }).waitFor();
    const hist = (await apiGet(page, base, `/processes/${other.id}/history`)).body;
    if (hist.total === 0) await page.locator('.history-empty').waitFor();
    else await page.locator('ol.history li.history-entry').first().waitFor();
  });

  const listRange = async (name, pg = page) => {
    await pg.waitForSelector(`table.${name}-table[aria-busy="false"], .${name}-page article.empty`);
    const text = await pg.locator(`#${name}-range`).innerText();
    const nums = text.replace(/[,\s.\u00a0\u202f]/g, '').match(/\d+/g) || [];
    return { text, from: Number(nums[0]), to: Number(nums[1]), total: Number(nums[2]) };
  };

  let unitRow = null;
  await step(page, 'units', async () => {
    await page.goto(new URL('/processes', base).href);
    await inventoryIds(page);
    await page.locator('nav.subnav').getByRole('link', { name: 'Units' }).click();
    await waitForUrl(page, (u) => u.pathname === '/units', '/units');
    await page.getByRole('heading', { level: 1, name: 'Units' }).waitFor();
    const all = (await apiGet(page, base, '/units?limit=1')).body;
    const r = await listRange('units');
    expect(r.total === all.total && r.from === 1 && r.to === Math.min(50, all.total), `range "${r.text}", the API has ${all.total}`);
    expect(await page.locator('header.topbar a[aria-current="page"]').innerText() === 'Inventory', 'Inventory is not the current section');
    const child = (await apiGet(page, base, '/units?sort=-parent_id&limit=1')).body.items[0];
    const parent = (await apiGet(page, base, `/units/${child.parent_id}`)).body;
    const row = page.locator(`table.units-table tr[data-id="${child.id}"]`);
    expect((await row.innerText()).includes(parent.code), `the row of ${child.code} does not show its parent ${parent.code}`);
    // Sorting by a header click goes into the URL.
    await page.locator('table.units-table th[data-column="code"] button').click();
    await waitForUrl(page, (u) => u.searchParams.get('sort') === 'code', 'sort=code');
    await page.locator('table.units-table th[data-column="code"][aria-sort="ascending"]').waitFor();
  });

  await step(page, 'units-search', async () => {
    const before = await listRange('units');
    const target = (await apiGet(page, base, '/units?limit=1&sort=-id')).body.items[0];
    await page.getByLabel('Search units').fill(target.code);
    await waitForUrl(page, (u) => u.searchParams.get('q') === target.code, `q=${target.code}`);
    const expected = (await apiGet(page, base, `/units?q=${encodeURIComponent(target.code)}&limit=1`)).body.total;
    await page.waitForFunction((n) => document.querySelectorAll('table.units-table tbody tr').length === n, Math.min(expected, 50));
    const r = await listRange('units');
    expect(r.total === expected && r.total < before.total, `search shows ${r.total} of ${before.total}, the API ${expected}`);
    unitRow = target;
    await page.locator(`table.units-table tr[data-id="${target.id}"]`).waitFor();
  });

  await step(page, 'unit-to-inventory', async () => {
    await page.locator(`table.units-table tr[data-id="${unitRow.id}"] td.code a`).click();
    await waitForUrl(page, (u) => u.pathname === '/processes' && u.searchParams.get('unit_id') === String(unitRow.id), `/processes?unit_id=${unitRow.id}`);
    await page.waitForSelector('table.inventory[aria-busy="false"], .inventory-page article.empty');
    const expected = (await apiGet(page, base, `/processes?unit_id=${unitRow.id}&limit=1`)).body.total;
    if (expected > 0) {
      const r = await inventoryRange(page);
      expect(r.total === expected, `the inventory shows ${r.total}, the API ${expected}`);
    } else {
      await page.locator('.inventory-page article.empty').waitFor();
    }
    expect(await page.locator('#inventory-filter-unit_id').inputValue() === String(unitRow.id), 'the unit filter is not set');
  });

  await step(page, 'people', async () => {
    await page.locator('nav.subnav').getByRole('link', { name: 'People' }).click();
    await waitForUrl(page, (u) => u.pathname === '/people', '/people');
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    const all = (await apiGet(page, base, '/people?limit=1')).body;
    const r = await listRange('people');
    expect(r.total === all.total && r.to === Math.min(50, all.total), `range "${r.text}", the API has ${all.total}`);
    const p = all.items[0];
    const row = await page.locator(`table.people-table tr[data-id="${p.id}"]`).innerText();
    expect(row.includes(p.email), `the row of ${p.name} has no e-mail`);
    if (all.total > 50) {
      await page.locator('nav.pager').getByRole('button', { name: 'Next' }).click();
      await waitForUrl(page, (u) => u.searchParams.get('offset') === '50', 'offset=50');
      const r2 = await listRange('people');
      expect(r2.from === 51 && r2.total === all.total, `second page "${r2.text}"`);
    }
  });

  await step(page, 'goals', async () => {
    await page.locator('nav.subnav').getByRole('link', { name: 'Goals' }).click();
    await waitForUrl(page, (u) => u.pathname === '/goals', '/goals');
    await page.getByRole('heading', { level: 1, name: 'Goals' }).waitFor();
    const all = (await apiGet(page, base, '/goals?limit=1000')).body;
    const r = await listRange('goals');
    expect(r.total === all.total, `range "${r.text}", the API has ${all.total}`);
    const child = all.items.find((g) => g.parent_id !== null);
    if (child) {
      const parent = all.items.find((g) => g.id === child.parent_id);
      await page.locator(`table.goals-table tr[data-id="${child.id}"] td`, { hasText: parent.code }).first().waitFor();
    }
    const text = await page.locator('table.goals-table tbody').innerText();
    expect(text.includes('Strategic plan') || text.includes('Internal') || text.includes('Connect 2030'), 'no framework shown');
  });

  let created = null;
  await step(page, 'create-process', async () => {
    await page.goto(new URL('/processes', base).href);
    await inventoryIds(page);
    await page.getByRole('button', { name: 'New process' }).click();
    await waitForUrl(page, (u) => u.pathname === '/processes/new', '/processes/new');
    await page.getByRole('heading', { level: 1, name: 'New process' }).waitFor();
    await page.locator('#f-code').fill('bad code');
    await page.getByRole('button', { name: 'Create the process' }).click();
    await page.locator('#f-code-error').waitFor();
    expect(await page.locator('#f-code').getAttribute('aria-invalid') === 'true', 'the bad code is not marked');
    expect(await page.locator('#f-name').getAttribute('aria-invalid') === 'true', 'the empty name is not marked');
    await page.locator('#f-code').fill('E2E-NEW-01');
    await page.locator('#f-name').fill('Process created in the browser');
    await page.locator('#f-kind').selectOption('procedure');
    await page.locator('#f-nature').selectOption('paper');
    await page.locator('#f-status').selectOption('assessed');
    await page.locator('#f-unit_id option:nth-child(2)').waitFor({ state: 'attached' });
    await page.locator('#f-unit_id').selectOption({ index: 1 });
    await page.locator('#f-owner_id option:nth-child(2)').waitFor({ state: 'attached' });
    await page.locator('#f-owner_id').selectOption({ index: 1 });
    await page.locator('#f-systems').fill('SAP ERP; Outlook ;');
    await page.getByRole('button', { name: 'Create the process' }).click();
    await waitForUrl(page, (u) => /^\/processes\/\d+$/.test(u.pathname), 'the new process page');
    await page.locator('main h1', { hasText: 'E2E-NEW-01' }).waitFor();
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    created = (await apiGet(page, base, `/processes/${id}`)).body;
    expect(created.code === 'E2E-NEW-01' && created.kind === 'procedure' && created.nature === 'paper' && created.status === 'assessed',
      `stored: ${JSON.stringify(created)}`);
    expect(created.unit_id !== null && created.owner_id !== null, 'unit or owner not stored');
    expect(JSON.stringify(created.systems) === '["SAP ERP","Outlook"]', `systems: ${JSON.stringify(created.systems)}`);
  });

  await step(page, 'add-dependency', async () => {
    await page.getByRole('navigation', { name: 'Sections of the process' }).getByRole('link', { name: 'Dependencies' }).click();
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'dependencies', 'tab=dependencies');
    await page.getByRole('button', { name: 'Add dependency' }).click();
    const box = page.getByRole('combobox', { name: 'Other process' });
    await box.fill('HR-REC');
    await page.locator('#dep-to_id-listbox [role="option"]').nth(1).waitFor();
    await box.press('ArrowDown');
    const chosen = Number(await page.locator('#dep-to_id-listbox [role="option"][aria-selected="true"]').getAttribute('data-id'));
    expect(await box.getAttribute('aria-activedescendant') === 'dep-to_id-option-1', 'aria-activedescendant does not follow the keys');
    await box.press('Enter');
    await page.locator('.picker-value').waitFor();
    await page.getByLabel('Relation').selectOption('triggers');
    await page.locator('#dep-strength').selectOption('3');
    await page.getByRole('button', { name: 'Add the dependency' }).click();
    await page.locator(`table[data-dependencies="out"] a[href="/processes/${chosen}"]`).waitFor();
    const deps = (await apiGet(page, base, `/dependencies?from_id=${created.id}`)).body;
    expect(deps.total === 1 && deps.items[0].to_id === chosen && deps.items[0].kind === 'triggers' && deps.items[0].strength === 3,
      `stored: ${JSON.stringify(deps.items)}`);
  });

  await step(page, 'dependency-errors', async () => {
    await page.getByRole('button', { name: 'Add dependency' }).click();
    const box = page.getByRole('combobox', { name: 'Other process' });
    await box.fill('E2E-NEW');
    await page.locator('#dep-to_id-listbox [role="option"]').first().waitFor();
    await box.press('Enter');
    await page.getByRole('button', { name: 'Add the dependency' }).click();
    await page.locator('.add-dependency-form .error-summary').waitFor();
    expect((await page.locator('.add-dependency-form .error-summary').innerText()).includes('cannot depend on itself'), 'no self-dependency message');
    expect(await box.getAttribute('aria-invalid') === 'true', 'the search box is not marked invalid');
    const deps = (await apiGet(page, base, `/dependencies?from_id=${created.id}`)).body;
    expect(deps.total === 1, 'a self-dependency was stored');
  });

  await step(page, 'dependency-incoming-and-remove', async () => {
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Add dependency' }).click();
    await page.getByLabel('The other → this process').check();
    const box = page.getByRole('combobox', { name: 'Other process' });
    await box.fill('HR-REC-01');
    await page.locator('#dep-to_id-listbox [role="option"]').first().waitFor();
    await box.press('Enter');
    await page.locator('.picker-value', { hasText: 'HR-REC-01' }).waitFor();
    const source = (await apiGet(page, base, '/processes?q=HR-REC-01&sort=code&limit=1')).body.items[0].id;
    await page.getByLabel('Relation').selectOption('feeds');
    await page.getByRole('button', { name: 'Add the dependency' }).click();
    await page.locator(`table[data-dependencies="in"] a[href="/processes/${source}"]`).waitFor();
    let into = (await apiGet(page, base, `/dependencies?to_id=${created.id}`)).body;
    expect(into.total === 1 && into.items[0].from_id === source && into.items[0].kind === 'feeds',
      `incoming stored: ${JSON.stringify(into.items)}`);
    // remove it again: asked once, then gone; both processes stay
    const row = page.locator('table[data-dependencies="in"] tbody tr').first();
    await row.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await page.locator('table[data-dependencies="in"]').waitFor({ state: 'detached' });
    into = (await apiGet(page, base, `/dependencies?to_id=${created.id}`)).body;
    expect(into.total === 0, `${into.total} incoming dependencies left`);
    expect((await apiGet(page, base, `/processes/${source}`)).status === 200, 'the other process went too');
  });

  await step(page, 'goal-links-edit', async () => {
    await page.getByRole('link', { name: 'Goals' }).first().click();
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'goals', 'tab=goals');
    const goal = (await apiGet(page, base, '/goals?sort=code&limit=1')).body.items[0];
    await page.locator(`#goal-goal_id option[value="${goal.id}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Goal', { exact: true }).selectOption(String(goal.id));
    await page.getByLabel('Impact', { exact: true }).selectOption('4');
    await page.getByRole('button', { name: 'Add the link' }).click();
    await page.locator(`table.goals tr[data-goal="${goal.id}"]`).waitFor();
    let links = (await apiGet(page, base, `/processes/${created.id}/goals`)).body.items;
    expect(links.length === 1 && links[0].goal_id === goal.id && links[0].impact === 4, `stored: ${JSON.stringify(links)}`);
    await page.getByLabel(`Impact on goal ${goal.code}`).selectOption('2');
    await page.getByRole('status').filter({ hasText: `set to 2` }).waitFor();
    links = (await apiGet(page, base, `/processes/${created.id}/goals`)).body.items;
    expect(links[0].impact === 2 && links[0].version === 2, `after the change: ${JSON.stringify(links)}`);
    await page.locator(`table.goals tr[data-goal="${goal.id}"]`).getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('status').filter({ hasText: `Link to goal ${goal.code} removed` }).waitFor();
    links = (await apiGet(page, base, `/processes/${created.id}/goals`)).body.items;
    expect(links.length === 0, `${links.length} links left`);
    // and link it again, so that deleting the process has something to take along
    await page.getByLabel('Goal', { exact: true }).selectOption(String(goal.id));
    await page.getByRole('button', { name: 'Add the link' }).click();
    await page.locator(`table.goals tr[data-goal="${goal.id}"]`).waitFor();
  });

  await step(page, 'process-delete', async () => {
    await page.goto(new URL(`/processes/${created.id}`, base).href);
    await page.getByRole('button', { name: 'Delete this process' }).click();
    const ask = page.getByRole('alertdialog');
    expect((await ask.innerText()).includes('Delete the process E2E-NEW-01?'), `the question: ${await ask.innerText()}`);
    await ask.getByRole('button', { name: 'Delete E2E-NEW-01' }).click();
    await waitForUrl(page, (u) => u.pathname === '/processes', '/processes');
    await page.getByRole('status').filter({ hasText: 'Process E2E-NEW-01 deleted.' }).waitFor();
    expect((await apiGet(page, base, `/processes/${created.id}`)).status === 404, 'the process is still there');
    const deps = (await apiGet(page, base, `/dependencies?from_id=${created.id}`)).body;
    expect(deps.total === 0, `${deps.total} of its dependencies are left`);
    const hist = (await apiGet(page, base, `/processes/${created.id}/history`)).body;
    expect(hist && hist.items.some((e) => e.action === 'delete'), 'the deletion is not in its history');
  });

  // Import a CSV file from the browser: a bad row refuses the whole file and is shown
  // in the table of problems; the corrected file imports.
  expectedStatuses = new Set(['409', '422']);
  const importCsv = (rows) => Buffer.from(`code,name,unit,nature,maturity\n${rows.map((r) => r.join(',')).join('\n')}\n`, 'utf8');
  await step(page, 'import-bad-row', async () => {
    await page.goto(new URL('/processes', base).href);
    await page.locator('nav.subnav').getByRole('link', { name: 'Import' }).click();
    await waitForUrl(page, (u) => u.pathname === '/import', '/import');
    await page.getByRole('heading', { level: 1, name: 'Import a CSV file' }).waitFor();
    await page.getByLabel('What the file holds').selectOption('processes');
    await page.getByLabel('CSV file').setInputFiles({
      name: 'e2e-import.csv', mimeType: 'text/csv',
      buffer: importCsv([['E2E-IMP-01', 'Imported in the browser', 'HRMD', 'paper', '2'],
        ['E2E-IMP-02', '浏览器导入', 'HRMD', 'scroll', '9']]),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const table = page.locator('table.import-problems');
    await table.waitFor();
    const cells = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.innerText.trim())));
    const lines = cells.map((c) => `${c[0]}:${c[1]}`).sort();
    expect(JSON.stringify(lines) === JSON.stringify(['3:maturity', '3:nature']), `problems shown: ${JSON.stringify(cells)}`);
    expect((await page.locator('#import-report-title').innerText()).includes('2 problems'), 'the report does not count 2 problems');
    const none = (await apiGet(page, base, '/processes?q=E2E-IMP')).body;
    expect(none.total === 0, `a refused file imported ${none.total} rows`);
  });

  await step(page, 'import-check-and-import', async () => {
    await page.getByLabel('CSV file').setInputFiles({
      name: 'e2e-import.csv', mimeType: 'text/csv',
      buffer: importCsv([['E2E-IMP-01', 'Imported in the browser', 'HRMD', 'paper', '2'],
        ['E2E-IMP-02', '浏览器导入', 'HRMD', 'digital', '4']]),
    });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.locator('.form-notice', { hasText: 'all 2 rows are valid' }).waitFor();
    expect((await apiGet(page, base, '/processes?q=E2E-IMP')).body.total === 0, 'checking the file imported it');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.locator('.form-notice', { hasText: 'Imported 2 processes' }).waitFor();
    const got = (await apiGet(page, base, '/processes?q=E2E-IMP&sort=code')).body;
    expect(got.total === 2 && got.items[1].name === '浏览器导入' && got.items[1].maturity === 4,
      `stored: ${JSON.stringify(got.items.map((p) => [p.code, p.name, p.maturity]))}`);
  });
  /* ---------- units, people and goals: create, edit, delete (issue 4) ---------- */
  // A write by "someone else" with the admin's session of the page (and its CSRF token).
  const writeAsOther = (method, p, body) => page.evaluate(async ({ method, p, body }) => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch(`/api/v1${p}`, {
      method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token }, body: JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() };
  }, { method, p, body });
  const hrmd = (await apiGet(page, base, '/units?q=HRMD&limit=100')).body.items.find((u) => u.code === 'HRMD');
  // A process of HRMD itself (the demo owner's unit), for the role steps at the end.
  const hrProcess = (await apiGet(page, base, `/processes?unit_id=${hrmd.id}&sort=code&limit=1000`)).body.items
    .find((p) => p.unit_id === hrmd.id);

  let newUnit = null;
  await step(page, 'unit-create', async () => {
    await page.goto(new URL('/units', base).href);
    await listRange('units');
    await page.getByRole('button', { name: 'New unit' }).click();
    await waitForUrl(page, (u) => u.pathname === '/units/new', '/units/new');
    await page.getByRole('heading', { level: 1, name: 'New unit' }).waitFor();
    await page.getByLabel('Code *').fill('E2E-UNIT');
    await page.getByLabel('Name *', { exact: true }).fill('Unit created in the browser');
    await page.getByLabel('Name in Chinese').fill('浏览器中创建的单位');
    await page.getByLabel('Kind *').selectOption('division');
    await page.locator(`#f-parent_id option[value="${hrmd.id}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Parent unit').selectOption(String(hrmd.id));
    await page.getByRole('button', { name: 'Create the unit' }).click();
    await waitForUrl(page, (u) => u.pathname === '/units', '/units');
    await page.getByRole('status').filter({ hasText: 'Unit E2E-UNIT created.' }).waitFor();
    const found = (await apiGet(page, base, '/units?q=E2E-UNIT')).body.items;
    expect(found.length === 1, `${found.length} units E2E-UNIT stored`);
    newUnit = found[0];
    expect(newUnit.kind === 'division' && newUnit.parent_id === hrmd.id && newUnit.name_zh === '浏览器中创建的单位',
      `stored: ${JSON.stringify(newUnit)}`);
    await page.getByLabel('Search units').fill('E2E-UNIT');
    const row = page.locator(`table.units-table tr[data-id="${newUnit.id}"]`);
    await row.waitFor();
    expect((await row.innerText()).includes('HRMD'), 'the new row does not show its parent');
    // The cached unit lists were cleared: the process form offers the new unit.
    await page.goto(new URL('/processes/new', base).href);
    await page.locator(`#f-unit_id option[value="${newUnit.id}"]`).waitFor({ state: 'attached' });
  });

  await step(page, 'person-edit', async () => {
    const person = (await apiGet(page, base, `/people?q=${encodeURIComponent('bernhard')}`)).body.items[0];
    await page.goto(new URL('/people?q=bernhard', base).href);
    await listRange('people');
    await page.getByRole('link', { name: `Edit ${person.name}` }).click();
    await waitForUrl(page, (u) => u.pathname === `/people/${person.id}/edit`, `/people/${person.id}/edit`);
    await page.getByRole('heading', { level: 1, name: person.name }).waitFor();
    const title = page.getByLabel('Title', { exact: true });
    expect(await title.inputValue() === (person.title || ''), 'the form does not show the title');
    expect(await page.getByLabel('E-mail *').inputValue() === person.email, 'the form does not show the e-mail');
    await title.fill('Head of HR operations (e2e)');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitForUrl(page, (u) => u.pathname === '/people' && u.searchParams.get('q') === 'bernhard', 'back to /people?q=bernhard');
    await page.getByRole('status').filter({ hasText: `version ${person.version + 1}` }).waitFor();
    const row = page.locator(`table.people-table tr[data-id="${person.id}"]`);
    await row.filter({ hasText: 'Head of HR operations (e2e)' }).waitFor();
    const after = (await apiGet(page, base, `/people/${person.id}`)).body;
    expect(after.title === 'Head of HR operations (e2e)' && after.version === person.version + 1, `stored: ${JSON.stringify(after)}`);
    expect(after.name === person.name && after.unit_id === person.unit_id && after.weekly_capacity_hours === person.weekly_capacity_hours,
      'an unchanged field changed');
  });

  await step(page, 'goal-validation', async () => {
    const before = (await apiGet(page, base, '/goals?limit=1')).body.total;
    await page.goto(new URL('/goals', base).href);
    await listRange('goals');
    await page.getByRole('button', { name: 'New goal' }).click();
    await waitForUrl(page, (u) => u.pathname === '/goals/new', '/goals/new');
    await page.getByLabel('Code *').fill('bad code');
    await page.getByLabel('Title *', { exact: true }).fill('A goal typed in the browser');
    await page.getByRole('button', { name: 'Create the goal' }).click();
    await page.locator('#f-code-error').waitFor();
    const code = page.locator('#f-code');
    expect(await code.getAttribute('aria-invalid') === 'true', 'the bad code is not marked invalid');
    expect((await code.getAttribute('aria-describedby') || '').includes('f-code-error'), 'the code is not described by its error');
    expect((await page.locator('#f-code-error').innerText()).includes('capital letters'), `code message: ${await page.locator('#f-code-error').innerText()}`);
    expect(await page.locator('#f-framework').getAttribute('aria-invalid') === 'true', 'the missing framework is not marked');
    const summary = await page.locator('.error-summary').innerText();
    expect(/2 fields need attention/.test(summary) && summary.includes('Code') && summary.includes('Framework'), `summary: ${summary}`);
    expect(await page.getByLabel('Title *', { exact: true }).inputValue() === 'A goal typed in the browser', 'the typed title was lost');
    expect((await apiGet(page, base, '/goals?limit=1')).body.total === before, 'a goal was stored');
  });

  await step(page, 'goal-duplicate-code', async () => {
    const before = (await apiGet(page, base, '/goals?limit=1')).body.total;
    const code = page.locator('#f-code');
    // A code already used (409 naming the field) is shown beside the field too.
    await code.fill('SP-G1');
    await page.getByLabel('Framework *').selectOption('internal');
    await page.getByRole('button', { name: 'Create the goal' }).click();
    await page.locator('#f-code-error', { hasText: 'already used' }).waitFor();
    expect(await page.locator('#f-framework').getAttribute('aria-invalid') === null, 'the framework is still marked');
    const after = (await apiGet(page, base, '/goals?limit=1')).body.total;
    expect(after === before, `${after - before} goals were stored`);
  });

  let goalConflict = null;
  await step(page, 'goal-conflict', async () => {
    const goal = (await apiGet(page, base, '/goals?q=SP-G1.1')).body.items.find((g) => g.code === 'SP-G1.1');
    await page.goto(new URL(`/goals/${goal.id}/edit`, base).href);
    await page.locator('#f-title').waitFor();
    await page.locator('#f-title_zh').fill('我输入的标题');
    const r = await writeAsOther('PATCH', `/goals/${goal.id}`, { title_zh: '他们保存的标题', version: goal.version });
    expect(r.status === 200, `the other PATCH answered ${r.status}`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const notice = page.locator('article.conflict');
    await notice.waitFor();
    expect((await notice.innerText()).includes('Someone else saved this goal first'), 'the notice does not say what happened');
    const row = notice.locator('tr[data-field="title_zh"]');
    expect((await row.locator('td.theirs').innerText()).trim() === '他们保存的标题', 'their value is not shown');
    expect((await row.locator('td.yours').innerText()).trim() === '我输入的标题', 'my value is not shown');
    expect(await page.locator('#f-title_zh').inputValue() === '我输入的标题', 'my typed title was lost');
    const stored = (await apiGet(page, base, `/goals/${goal.id}`)).body;
    expect(stored.title_zh === '他们保存的标题' && stored.version === r.body.version, 'the stale Save wrote something');
    goalConflict = { goal, theirVersion: r.body.version };
  });

  await step(page, 'goal-conflict-keep-editing', async () => {
    const { goal, theirVersion } = goalConflict;
    await page.getByRole('button', { name: 'Keep editing' }).click();
    await page.locator('article.conflict').waitFor({ state: 'detached' });
    expect(await page.locator('#f-title_zh').inputValue() === '我输入的标题', 'Keep editing lost my value');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await waitForUrl(page, (u) => u.pathname === '/goals', '/goals');
    await page.getByRole('status').filter({ hasText: `version ${theirVersion + 1}` }).waitFor();
    const stored = (await apiGet(page, base, `/goals/${goal.id}`)).body;
    expect(stored.title_zh === '我输入的标题' && stored.version === theirVersion + 1, `stored: ${JSON.stringify(stored)}`);
  });

  await step(page, 'unit-delete-blocked', async () => {
    const before = (await apiGet(page, base, `/units/${hrmd.id}`)).body;
    await page.goto(new URL(`/units/${hrmd.id}/edit`, base).href);
    await page.locator('main h1', { hasText: 'HRMD' }).waitFor();
    await page.getByRole('button', { name: 'Delete this unit' }).click();
    const ask = page.getByRole('alertdialog');
    await ask.waitFor();
    expect((await ask.innerText()).includes('Delete the unit HRMD?'), `the question: ${await ask.innerText()}`);
    await ask.getByRole('button', { name: 'Delete HRMD' }).click();
    const blocked = page.locator('.delete-blocked');
    await blocked.waitFor();
    expect((await blocked.innerText()).includes('HRMD was not deleted'), `the message: ${await blocked.innerText()}`);
    // Every row that refers to the unit is listed by kind, with a link where it has a page.
    const procs = (await apiGet(page, base, `/processes?unit_id=${hrmd.id}&limit=1000`)).body.items.filter((p) => p.unit_id === hrmd.id);
    expect(procs.length > 0, 'HRMD has no process of its own in the demo data');
    const group = blocked.locator('[data-entity="processes"]');
    expect((await group.locator('h3').innerText()).includes(`Processes (${procs.length})`), `heading: ${await group.locator('h3').innerText()}`);
    for (const p of procs) {
      expect(await group.locator(`a[href="/processes/${p.id}"]`).count() === 1, `no link to ${p.code}`);
    }
    await blocked.locator(`[data-entity="units"] a[href="/units/${newUnit.id}/edit"]`).waitFor();
    await blocked.locator('[data-entity="people"] a').first().waitFor();
    const after = (await apiGet(page, base, `/units/${hrmd.id}`));
    expect(after.status === 200 && after.body.version === before.version && !after.body.deleted_at, 'the unit changed');
  });

  await step(page, 'unit-delete', async () => {
    await page.goto(new URL(`/units/${newUnit.id}/edit?next=${encodeURIComponent('/units?q=E2E')}`, base).href);
    await page.locator('main h1', { hasText: 'E2E-UNIT' }).waitFor();
    await page.getByRole('button', { name: 'Delete this unit' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete E2E-UNIT' }).click();
    await waitForUrl(page, (u) => u.pathname === '/units' && u.searchParams.get('q') === 'E2E', '/units?q=E2E');
    await page.getByRole('status').filter({ hasText: 'Unit E2E-UNIT deleted.' }).waitFor();
    await page.locator('.units-page article.empty').waitFor();
    expect((await apiGet(page, base, `/units/${newUnit.id}`)).status === 404, 'the unit is still there');
  });

  // Governance (issue 7): assets, copies, links, findings, retention (governance.mjs)
  const governanceA11y = await governanceSteps({ page, base, step, expect, apiGet, waitForUrl, processId: proc.id });

  expectedStatuses = new Set();

  await step(page, 'chinese', async () => {
    // Back on the process of the dependency steps (the edit steps went elsewhere).
    if (new URL(page.url()).pathname !== `/processes/${other.id}`) {
      await page.goto(new URL(`/processes/${other.id}?tab=goals`, base).href);
      await page.locator('main h1', { hasText: other.code }).waitFor();
    }
    await page.getByLabel('Language').first().selectOption('zh');
    await page.waitForFunction(() => document.documentElement.lang === 'zh');
    await page.locator('header.topbar').getByRole('link', { name: '清单' }).waitFor();
    const h1 = await h1Text(page);
    if (other.name_zh) expect(h1.includes(other.name_zh), `the title "${h1}" is not in Chinese`);
    await page.locator('header.topbar').getByRole('link', { name: '清单' }).click();
    await waitForUrl(page, (u) => u.pathname === '/processes', '/processes');
    await page.getByRole('heading', { level: 1, name: '流程' }).waitFor();
    const ids = await inventoryIds(page);
    const names = await columnTexts(page, 'name');
    const first = (await apiGet(page, base, `/processes/${ids[0]}`)).body;
    expect(names[0] === (first.name_zh || first.name), `the first name is "${names[0]}", not "${first.name_zh}"`);
    expect(/[\u4e00-\u9fff]/.test(names.join('')), 'no Chinese process names');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '流程' }).waitFor();
    expect(await page.locator('html').getAttribute('lang') === 'zh', 'the language was not kept after reload');
  });

  await step(page, 'dashboard-chinese', async () => {
    // The charts speak the user's language: their labels come from the catalogue.
    await page.locator('header.topbar').getByRole('link', { name: '仪表板' }).click();
    await waitForUrl(page, (u) => u.pathname === '/', 'the dashboard');
    await page.getByRole('heading', { level: 2, name: '按性质统计的流程' }).waitFor();
    await page.locator('#dashboard-nature .chart[data-ready="true"] canvas').first().waitFor();
    const labels = await page.locator('#dashboard-nature .chart').evaluate(async (el) => {
      const echarts = await import('/vendor/echarts.esm.min.mjs');
      const opt = echarts.getInstanceByDom(el).getOption();
      return { categories: opt.yAxis[0].data, axis: opt.xAxis[0].name };
    });
    expect(labels.categories.join(',') === '纸质,人工,部分数字化,数字化', `the nature chart says ${labels.categories}`);
    expect(labels.axis === '流程数量', `the axis is named ${labels.axis}`);
    await page.getByRole('heading', { level: 2, name: '按组织统计的数字化程度（含下级部门）' }).waitFor();
    await page.waitForTimeout(1000); // the bars finish growing before the screenshot
  });

  await step(page, 'arabic-rtl', async () => {
    // On the inventory (the Chinese dashboard step went elsewhere).
    if (new URL(page.url()).pathname !== '/processes') {
      await page.locator('header.topbar').getByRole('link', { name: '清单' }).click();
      await inventoryIds(page);
    }
    await page.getByLabel('语言').first().selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    expect(await page.locator('html').getAttribute('lang') === 'ar', 'html lang is not ar');
    await page.locator('header.topbar').getByRole('link', { name: 'الجرد' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'العمليات' }).waitFor();
    await inventoryIds(page);
    // Keys the Arabic catalogue lacks (the page's introduction) fall back to English.
    const lead = await page.locator('.inventory-page p.lead').innerText();
    expect(lead.includes('Every process, procedure and working method'), `the introduction reads "${lead}"`);
  });

  await step(page, 'dashboard-arabic', async () => {
    // Right to left: the charts are drawn (categories on the right), the tables too.
    await page.locator('header.topbar').getByRole('link', { name: 'لوحة المعلومات' }).click();
    await waitForUrl(page, (u) => u.pathname === '/', 'the dashboard');
    for (const id of ['dashboard-nature', 'dashboard-status', 'dashboard-unit', 'dashboard-digitisation']) {
      await page.locator(`#${id} .chart[data-ready="true"] canvas`).first().waitFor();
    }
    const side = await page.locator('#dashboard-unit .chart').evaluate(async (el) => {
      const echarts = await import('/vendor/echarts.esm.min.mjs');
      const chart = echarts.getInstanceByDom(el);
      const [x0] = chart.convertToPixel({ seriesIndex: 0 }, [0, 0]);
      const [x1] = chart.convertToPixel({ seriesIndex: 0 }, [10, 0]);
      return { x0, x1, position: chart.getOption().yAxis[0].position };
    });
    expect(side.position === 'right' && side.x1 < side.x0, `the bars grow from x=${side.x0} to x=${side.x1}, the units are on the ${side.position}`);
    expect(await page.locator('#dashboard-digitisation table tbody tr').count() > 1, 'no digitisation rows');
  });

  await step(page, 'logout', async () => {
    await page.locator('.user-menu summary').click();
    await page.locator('.user-menu button').click();
    await waitForUrl(page, (u) => u.pathname === '/login', '/login');
    await page.locator('#login-email').waitFor();
    const s = await apiGet(page, base, '/session');
    expect(s.status === 401, `GET /session answers ${s.status} after logging out`);
    const p = await apiGet(page, base, '/processes');
    expect(p.status === 401, `GET /processes answers ${p.status} after logging out`);
    await page.goto(new URL('/processes?nature=paper', base).href);
    await waitForUrl(page, (u) => u.pathname === '/login' && u.searchParams.get('next') === '/processes?nature=paper', '/login?next=…');
  });

  /* ---------- what each role sees (issue 4): separate browser contexts ---------- */
  const logInAs = async (pg, account) => {
    await pg.goto(new URL('/login', base).href);
    await pg.getByLabel('E-mail').fill(account.email);
    await pg.getByLabel('Password').fill(account.password);
    await pg.getByRole('button', { name: 'Log in' }).click();
    await waitForUrl(pg, (u) => u.pathname === '/', 'the dashboard');
    await pg.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  };
  /* Opens process P (its dependencies tab) and waits until everything is loaded. */
  const openProcess = async (pg, p) => {
    await pg.goto(new URL(`/processes/${p.id}?tab=dependencies`, base).href);
    await pg.locator('main h1', { hasText: p.code }).waitFor();
    await pg.locator('div.dependencies').waitFor();
    await pg.waitForLoadState('networkidle');
  };
  const editButtons = (pg) => pg.getByRole('button', { name: 'Edit', exact: true }).count();
  /* The units, people and goals lists show no New button and no Edit links. */
  const noReferenceEditing = async (pg, who) => {
    for (const [name, what] of [['units', 'unit'], ['people', 'person'], ['goals', 'goal']]) {
      await pg.goto(new URL(`/${name}`, base).href);
      await listRange(name, pg);
      expect(await pg.getByRole('button', { name: `New ${what}` }).count() === 0, `${who} sees "New ${what}"`);
      expect(await pg.locator(`table.${name}-table th[data-column="actions"], table.${name}-table a.edit-link`).count() === 0,
        `${who} sees Edit links on ${name}`);
    }
    await pg.goto(new URL(`/units/${hrmd.id}/edit`, base).href);
    await pg.locator('main .error-box').filter({ hasText: 'does not allow' }).waitFor();
    expect(await pg.locator('main form').count() === 0, `${who} gets a unit form`);
  };

  const viewerPage = await newPage();
  await step(viewerPage, 'viewer-reads-only', async () => {
    await logInAs(viewerPage, accounts.viewer);
    await viewerPage.locator('header.topbar').getByRole('link', { name: 'Inventory' }).click();
    await inventoryIds(viewerPage);
    expect(await viewerPage.getByRole('button', { name: 'New process' }).count() === 0, 'the viewer sees "New process"');
    await openProcess(viewerPage, hrProcess);
    expect(await editButtons(viewerPage) === 0, 'the viewer sees Edit on a process');
    expect(await viewerPage.getByRole('button', { name: 'Add dependency' }).count() === 0, 'the viewer sees "Add dependency"');
    await noReferenceEditing(viewerPage, 'the viewer');
    await viewerPage.goto(new URL('/processes/new', base).href);
    await viewerPage.locator('main .error-box').waitFor();
    expect(await viewerPage.locator('#f-code').count() === 0, 'the viewer gets the process form');
  });
  await viewerPage.context().close();

  const ownerPage = await newPage();
  await step(ownerPage, 'owner-scope', async () => {
    await logInAs(ownerPage, accounts.owner);
    const session = (await apiGet(ownerPage, base, '/session')).body;
    expect(session.user.unit_id === hrmd.id, `the demo owner's unit is ${session.user.unit_id}, not HRMD`);
    await ownerPage.goto(new URL('/processes', base).href);
    await inventoryIds(ownerPage);
    await ownerPage.getByRole('button', { name: 'New process' }).waitFor();
    // A process of HRMD, and one of a sub-unit of HRMD: Edit and Add dependency.
    await openProcess(ownerPage, hrProcess);
    await ownerPage.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    await ownerPage.getByRole('button', { name: 'Add dependency' }).waitFor();
    const sub = (await apiGet(ownerPage, base, `/processes?unit_id=${hrmd.id}&limit=1000`)).body.items
      .find((p) => p.unit_id !== hrmd.id && p.owner_id !== session.person_id);
    if (sub) {
      await openProcess(ownerPage, sub);
      await ownerPage.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    }
    // A process of another unit that they do not own: neither.
    const inScope = new Set((await apiGet(ownerPage, base, `/processes?unit_id=${hrmd.id}&limit=1000`)).body.items.map((p) => p.id));
    const foreign = (await apiGet(ownerPage, base, '/processes?limit=200&sort=id')).body.items
      .find((p) => !inScope.has(p.id) && p.owner_id !== session.person_id);
    await openProcess(ownerPage, foreign);
    expect(await editButtons(ownerPage) === 0, `the owner sees Edit on ${foreign.code} of another unit`);
    expect(await ownerPage.getByRole('button', { name: 'Add dependency' }).count() === 0, 'the owner sees "Add dependency" on another unit');
    // The Edit button of their own process opens the form.
    await openProcess(ownerPage, hrProcess);
    await ownerPage.getByRole('button', { name: 'Edit', exact: true }).click();
    await ownerPage.locator('form.process-form #f-code').waitFor();
    await noReferenceEditing(ownerPage, 'the owner');
  });
  await ownerPage.context().close();
  await governanceRoleSteps({ newPage, logInAs, accounts, base, step, expect, apiGet });

  /* ---------- priorities (issue 6): ranking, matrix, quick wins, portfolio, criteria,
   * pairwise comparison, assessments and targets ---------- */
  const prio = await newPage();
  /* The JSON of METHOD PATH (under /api/v1) with the page's session and CSRF token. */
  const apiAs = (pg, method, p, body) => pg.evaluate(async ({ method, p, body }) => {
    const s = await (await fetch('/api/v1/session')).json();
    const init = { method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token } };
    if (body !== undefined) init.body = JSON.stringify(body);
    const r = await fetch(`/api/v1${p}`, init);
    return { status: r.status, body: await r.json() };
  }, { method, p, body });
  /* The option of the ECharts chart in the element SEL. */
  const chartOption = (pg, sel) => pg.locator(sel).evaluate(async (el) => {
    const echarts = await import('/vendor/echarts.esm.min.mjs');
    const o = echarts.getInstanceByDom(el).getOption();
    return JSON.parse(JSON.stringify(o, (k, v) => (typeof v === 'function' ? undefined : v)));
  });
  const ranking = { wsm: null };
  let topProcess = null;

  await step(prio, 'priorities-dashboard-tiles', async () => {
    await logInAs(prio, admin);
    ranking.wsm = (await apiGet(prio, base, '/analysis/ranking?limit=50')).body;
    expect(ranking.wsm.total > 0, 'the demo has no ranking');
    topProcess = ranking.wsm.items[0].process;
    const top = prio.locator('#dashboard-top li');
    await top.first().waitFor();
    const ids = await top.evaluateAll((lis) => lis.map((li) => Number(li.dataset.id)));
    expect(JSON.stringify(ids) === JSON.stringify(ranking.wsm.items.slice(0, 5).map((i) => i.process.id)), `top five ${ids}`);
    const quick = (await apiGet(prio, base, '/analysis/quick-wins')).body;
    const big = (await prio.locator('#dashboard-quick-wins a.tile-number').innerText()).replace(/\D/g, '');
    expect(Number(big) === quick.quick_wins, `the tile shows ${big} quick wins, the API ${quick.quick_wins}`);
    const kpis = (await apiGet(prio, base, '/analysis/kpis')).body;
    for (const [status, n] of Object.entries(kpis.by_status)) {
      const link = prio.locator(`#dashboard-kpis tr[data-status="${status}"] a`);
      expect((await link.innerText()).trim() === String(n), `${status}: the tile shows ${await link.innerText()}, the API ${n}`);
      expect(await link.getAttribute('href') === `/priorities/kpis?status=${status}`, `${status} links to ${await link.getAttribute('href')}`);
    }
    // A number opens the KPI list filtered by its status.
    const status = Object.keys(kpis.by_status).find((s) => kpis.by_status[s] > 0);
    await prio.locator(`#dashboard-kpis tr[data-status="${status}"] a`).click();
    await waitForUrl(prio, (u) => u.pathname === '/priorities/kpis' && u.searchParams.get('status') === status, `/priorities/kpis?status=${status}`);
    await prio.locator('table.kpi-list tbody tr').first().waitFor();
    const rows = await prio.locator('table.kpi-list tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.status));
    expect(rows.length === kpis.by_status[status] && rows.every((s) => s === status), `the list shows ${rows}`);
  });

  await step(prio, 'priorities-ranking', async () => {
    await prio.locator('header.topbar').getByRole('link', { name: 'Priorities' }).click();
    await waitForUrl(prio, (u) => u.pathname === '/priorities', '/priorities');
    await prio.getByRole('heading', { level: 1, name: 'Ranking' }).waitFor();
    await prio.locator('table.ranking[aria-busy="false"] tbody tr').first().waitFor();
    const ids = await prio.locator('table.ranking tbody tr[data-id]').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.id)));
    expect(JSON.stringify(ids) === JSON.stringify(ranking.wsm.items.map((i) => i.process.id)), 'the rows are not the API\'s ranking');
    const note = await prio.locator('.weight-set-note').innerText();
    expect(note.includes(`weight set ${ranking.wsm.weight_set_id}`), `the weight set is not named: ${note}`);
    // The breakdown of the first process that has a swap point.
    const item = ranking.wsm.items.find((i) => i.swap_with_next) || ranking.wsm.items[0];
    const row = prio.locator(`table.ranking tr[data-id="${item.process.id}"]`);
    await row.getByRole('button', { name: `Why? ${item.process.code}` }).click();
    expect(await row.locator('button.why-button').getAttribute('aria-expanded') === 'true', 'the button does not say it is expanded');
    const why = prio.locator(`#why-${item.process.id}`);
    await why.locator('table.breakdown-table').waitFor();
    expect(await why.locator('tbody tr').count() === item.breakdown.length, 'not every criterion is in the breakdown');
    const first = item.breakdown[0];
    const firstRow = await why.locator(`tr[data-criterion="${first.criterion}"]`).innerText();
    expect(firstRow.includes(first.mean.toFixed(1)) && firstRow.includes(String(first.n)), `the ${first.criterion} row says ${firstRow}`);
    if (item.swap_with_next) {
      const swap = await why.locator('p.swap').innerText();
      expect(swap.includes('would have to go from') && swap.includes(item.swap_with_next.with), `the swap sentence: ${swap}`);
    }
    // TOPSIS, chosen in the address.
    await prio.getByLabel('Closeness to the ideal (TOPSIS)').check();
    await waitForUrl(prio, (u) => u.searchParams.get('method') === 'topsis', 'method=topsis');
    const topsis = (await apiGet(prio, base, '/analysis/ranking?method=topsis&limit=50')).body;
    await prio.waitForFunction((id) => {
      const tr = document.querySelector('table.ranking[aria-busy="false"] tbody tr[data-id]');
      return tr && Number(tr.dataset.id) === id;
    }, topsis.items[0].process.id);
    await prio.goto(new URL('/priorities', base).href);
    await prio.locator(`table.ranking tr[data-id="${item.process.id}"] button.why-button`).click();
    await prio.locator(`#why-${item.process.id} table.breakdown-table`).waitFor();
  });

  await step(prio, 'priorities-matrix', async () => {
    await prio.locator('nav.subnav').getByRole('link', { name: 'Value/effort matrix' }).click();
    await waitForUrl(prio, (u) => u.pathname === '/priorities/matrix', '/priorities/matrix');
    await prio.locator('.matrix-chart[data-ready="true"] canvas').first().waitFor();
    const all = (await apiGet(prio, base, '/analysis/quick-wins?all=true')).body;
    const wins = all.items.filter((i) => i.quick_win);
    expect(wins.length > 0, 'the demo has no quick win');
    const tableWins = await prio.locator('table.matrix-table tr[data-quick-win="true"]').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.id)));
    expect(JSON.stringify([...tableWins].sort()) === JSON.stringify(wins.map((i) => i.process.id).sort()), `the table's quick wins ${tableWins}`);
    const opt = await chartOption(prio, '.matrix-chart');
    const points = opt.series.reduce((n, s) => n + s.data.length, 0);
    expect(points === all.items.filter((i) => i.value !== null && i.effort !== null).length, `${points} bubbles for ${all.items.length} processes`);
    const area = opt.series[0].markArea.data[0];
    expect(area[0].coord[1] === all.thresholds.min_value && area[1].coord[0] === all.thresholds.max_effort, 'the quick-win corner is not the thresholds');
    expect(opt.legend[0] && opt.series.length > 1, 'no legend of units');
    // A click on a quick win's bubble opens its process (the one furthest from any
    // other bubble, so that the click cannot land on a neighbour).
    const found = await prio.locator('.matrix-chart').evaluate(async (el, ids) => {
      const echarts = await import('/vendor/echarts.esm.min.mjs');
      const chart = echarts.getInstanceByDom(el);
      const o = chart.getOption();
      const all = [];
      o.series.forEach((s, k) => s.data.forEach((d) => all.push({ id: d.id, px: chart.convertToPixel({ seriesIndex: k }, d.value) })));
      let best = null;
      for (const p of all.filter((x) => ids.includes(x.id))) {
        const gap = Math.min(...all.filter((x) => x !== p).map((x) => Math.hypot(x.px[0] - p.px[0], x.px[1] - p.px[1])));
        if (!best || gap > best.gap) best = { ...p, gap };
      }
      return best;
    }, wins.map((w) => w.process.id));
    const win = wins.find((w) => found && w.process.id === found.id);
    const at = found && found.px;
    expect(at, `no bubble for ${win.process.code}`);
    const box = await prio.locator('.matrix-chart').boundingBox();
    await prio.mouse.click(box.x + at[0], box.y + at[1]);
    await waitForUrl(prio, (u) => u.pathname === `/processes/${win.process.id}`, `/processes/${win.process.id}`);
    // And the table's link does the same.
    await prio.goBack();
    await prio.locator(`table.matrix-table tr[data-id="${win.process.id}"] td a`).first().click();
    await waitForUrl(prio, (u) => u.pathname === `/processes/${win.process.id}`, `/processes/${win.process.id}`);
    await prio.locator('main h1', { hasText: win.process.code }).waitFor();
    await prio.goBack();
    await prio.locator('.matrix-chart[data-ready="true"] canvas').first().waitFor();
    await prio.waitForTimeout(800); // the bubbles finish growing before the screenshot
  });

  await step(prio, 'priorities-quick-wins', async () => {
    await prio.locator('nav.subnav').getByRole('link', { name: 'Quick wins' }).click();
    await waitForUrl(prio, (u) => u.pathname === '/priorities/quick-wins', '/priorities/quick-wins');
    await prio.locator('table.quick-wins tbody tr').first().waitFor();
    await prio.getByLabel('Minimum value (0–1)').fill('0.55');
    await prio.getByLabel('Maximum effort (0–1)').fill('0.5');
    await prio.getByRole('button', { name: 'Apply' }).click();
    await waitForUrl(prio, (u) => u.searchParams.get('min_value') === '0.55' && u.searchParams.get('max_effort') === '0.5', 'the thresholds in the address');
    const all = (await apiGet(prio, base, '/analysis/quick-wins?all=true&min_value=0.55&max_effort=0.5')).body;
    const wins = all.items.filter((i) => i.quick_win).map((i) => i.process.id);
    const almost = all.items.filter((i) => !i.quick_win && i.reasons.length === 1);
    await prio.waitForFunction((n) => document.querySelectorAll('table.quick-wins tbody tr').length === n, wins.length);
    const shown = await prio.locator('table.quick-wins tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.id)));
    expect(JSON.stringify(shown) === JSON.stringify(wins), `quick wins ${shown}, the API ${wins}`);
    expect(await prio.locator('table.almost tbody tr').count() === almost.length, `not ${almost.length} "almost" rows`);
    const blocked = almost.find((i) => i.reasons[0] === 'blocked');
    if (blocked) {
      const cell = prio.locator(`table.almost tr[data-id="${blocked.process.id}"] td`).last();
      expect((await cell.innerText()).includes('Waits for a process upstream'), `the reason reads ${await cell.innerText()}`);
      await cell.locator(`a[href="/processes/${blocked.blocked_by[0]}"]`).waitFor();
    }
    const low = almost.find((i) => i.reasons[0] === 'low_value');
    if (low) {
      const text = await prio.locator(`table.almost tr[data-id="${low.process.id}"] td`).last().innerText();
      expect(/Value 0\.\d\d is below 0\.55/.test(text), `the reason reads ${text}`);
    }
  });

  await step(prio, 'priorities-portfolio', async () => {
    await prio.locator('nav.subnav').getByRole('link', { name: 'Portfolio' }).click();
    await waitForUrl(prio, (u) => u.pathname === '/priorities/portfolio', '/priorities/portfolio');
    await prio.locator('.portfolio-empty').waitFor();
    await prio.getByLabel('Budget (CHF)').fill('1500000');
    await prio.getByLabel('Staff hours', { exact: true }).fill('15000');
    await prio.getByRole('button', { name: 'Compute' }).click();
    await waitForUrl(prio, (u) => u.searchParams.get('budget') === '1500000' && u.searchParams.get('hours') === '15000', 'the limits in the address');
    await prio.locator('.portfolio-result').waitFor();
    const want = (await apiAs(prio, 'POST', '/analysis/portfolio', { budget: 1500000, hours: 15000, min_strength: 2 })).body;
    expect(want.totals.selected > 0, 'the demo portfolio selects nothing');
    const rows = await prio.locator('table.selected tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.id)));
    expect(JSON.stringify(rows) === JSON.stringify(want.selected.map((s) => s.process.id)), `selected ${rows}, the API ${want.selected.map((s) => s.process.id)}`);
    expect((await prio.locator('.solve-status').innerText()).includes('Optimal'), 'the status is not shown');
    const used = await prio.locator('.used-line[data-limit="budget"]').innerText();
    expect(used.replace(/[^\d]/g, '').includes(String(Math.round(want.totals.cost))), `budget used: ${used}`);
    expect(await prio.locator('.constraint-costs li').count() === 4, 'not four constraints');
    const budget = want.constraints.find((c) => c.name === 'budget');
    const sentence = await prio.locator('.constraint-costs li[data-constraint="budget"]').innerText();
    expect(budget.costs > 0 ? sentence.includes('Raising the budget would add up to') : sentence.includes('does not limit'), `budget: ${sentence}`);
    // The processes that could not be candidates are grouped with their reason.
    const noEstimate = want.excluded.find((e) => e.state === 'no_estimate');
    if (noEstimate) {
      const cell = prio.locator(`table.excluded tr[data-id="${noEstimate.process.id}"]`);
      expect((await cell.innerText()).includes('No estimate'), `no_estimate reads ${await cell.innerText()}`);
      await cell.locator(`a[href="/processes/${noEstimate.process.id}?edit=1"]`).waitFor();
    }
  });

  await step(prio, 'priorities-portfolio-nothing', async () => {
    await prio.getByLabel('Budget (CHF)').fill('0');
    await prio.getByLabel('Staff hours', { exact: true }).fill('');
    await prio.getByRole('button', { name: 'Compute' }).click();
    await waitForUrl(prio, (u) => u.searchParams.get('budget') === '0' && !u.searchParams.has('hours'), 'budget=0');
    const nothing = prio.locator('.nothing-chosen');
    await nothing.waitFor();
    expect((await nothing.innerText()).includes('less than the cheapest candidate'), `the explanation: ${await nothing.innerText()}`);
    expect(await prio.locator('table.selected').count() === 0, 'something was selected with a budget of 0');
    expect((await prio.locator('.portfolio-headline').innerText()).startsWith('0 of '), 'the headline does not say 0 chosen');
  });

  let criterion = null;
  await step(prio, 'priorities-criteria-edit', async () => {
    const list = (await apiGet(prio, base, '/criteria?limit=100&sort=position,code')).body.items;
    criterion = list[0];
    await prio.locator('nav.subnav').getByRole('link', { name: 'Criteria and weights' }).click();
    await waitForUrl(prio, (u) => u.pathname === '/priorities/criteria', '/priorities/criteria');
    await prio.locator('table.criteria-table tbody tr[data-code]').first().waitFor();
    expect(await prio.locator('table.criteria-table tbody tr[data-code]').count() === list.length, 'not every criterion is listed');
    await prio.getByRole('button', { name: `Levels ${criterion.code}` }).click();
    await prio.locator(`#levels-${criterion.id} li[data-level="3"]`, { hasText: criterion.level_3 }).waitFor();
    await prio.getByRole('link', { name: `Edit ${criterion.code}` }).click();
    await waitForUrl(prio, (u) => u.pathname === `/priorities/criteria/${criterion.id}/edit`, 'the criterion form');
    const text = 'Clear contribution to one goal, confirmed by the goal owner (e2e).';
    await prio.getByLabel('Level 3', { exact: true }).fill(text);
    await prio.getByRole('button', { name: 'Save', exact: true }).click();
    await waitForUrl(prio, (u) => u.pathname === '/priorities/criteria', 'back to the criteria');
    await prio.getByRole('status').filter({ hasText: `Criterion ${criterion.code} saved` }).waitFor();
    await prio.getByRole('button', { name: `Levels ${criterion.code}` }).click();
    await prio.locator(`#levels-${criterion.id} li[data-level="3"]`, { hasText: text }).waitFor();
    const stored = (await apiGet(prio, base, `/criteria/${criterion.id}`)).body;
    expect(stored.level_3 === text && stored.version === criterion.version + 1 && stored.level_4 === criterion.level_4, `stored: ${JSON.stringify(stored)}`);
  });

  await step(prio, 'priorities-pairwise-inconsistent', async () => {
    await prio.locator('nav.subnav').getByRole('link', { name: 'Pairwise comparison' }).click();
    await waitForUrl(prio, (u) => u.pathname === '/priorities/pairwise', '/priorities/pairwise');
    const list = (await apiGet(prio, base, '/criteria?limit=100&sort=position,code')).body.items;
    const n = list.length;
    await prio.locator('table.pairs tbody tr').first().waitFor();
    expect(await prio.locator('table.pairs tbody tr').count() === (n * (n - 1)) / 2, 'not every pair is asked');
    await prio.locator('.consistency[data-consistent="true"]').waitFor(); // all equal: consistent
    // A over B, B over C, and C over A: a circle.
    const [a, b, c] = list;
    await prio.locator(`#pair-${a.code}-${b.code}`).selectOption('9');
    await prio.locator(`#pair-${b.code}-${c.code}`).selectOption('9');
    await prio.locator(`#pair-${a.code}-${c.code}`).selectOption('-9');
    await prio.locator('.consistency[data-consistent="false"]').waitFor();
    const warning = await prio.locator('.ahp-warning').innerText();
    expect(warning.includes('contradict each other') && warning.includes(' against '), `the warning: ${warning}`);
  });

  await step(prio, 'priorities-pairwise-apply', async () => {
    const list = (await apiGet(prio, base, '/criteria?limit=100&sort=position,code')).body.items;
    const before = (await apiGet(prio, base, '/criteria/weights')).body;
    await prio.getByRole('button', { name: 'Set every pair back to equal' }).click();
    await prio.locator('.consistency[data-consistent="true"]').waitFor();
    // The first criterion moderately more important (3) than each of the others: consistent.
    const [first, ...rest] = list;
    for (const o of rest) await prio.locator(`#pair-${first.code}-${o.code}`).selectOption('3');
    const share = 3 / (3 + rest.length);
    const pct = `${Math.round(share * 1000) / 10}%`;
    await prio.locator(`ul.weight-bars li[data-code="${first.code}"] .weight-value`, { hasText: pct }).waitFor();
    await prio.locator('.consistency[data-consistent="true"]').waitFor();
    expect(await prio.locator('.ahp-warning').count() === 0, 'a warning for consistent answers');
    await prio.getByLabel('Note (why the weights change)').fill('e2e: workshop with the unit heads');
    await prio.getByRole('button', { name: 'Use these weights' }).click();
    await waitForUrl(prio, (u) => u.pathname === '/priorities/criteria', 'the criteria page');
    const after = (await apiGet(prio, base, '/criteria/weights')).body;
    expect(after.total === before.total + 1 && after.items[0].method === 'ahp', `weight sets: ${before.total} → ${after.total}`);
    const set = after.items[0];
    await prio.getByRole('status').filter({ hasText: `weight set ${set.id}` }).waitFor();
    const head = prio.locator('table.weight-history tbody tr').first();
    expect(Number(await head.getAttribute('data-id')) === set.id, 'the new set is not first in the history');
    const headText = await head.innerText();
    expect(headText.includes('pairwise comparison (AHP)') && headText.includes('e2e: workshop'), `history row: ${headText}`);
    const shown = await prio.locator(`table.criteria-table tr[data-code="${first.code}"] .weight-share`).innerText();
    expect(shown.trim() === pct, `${first.code} shows ${shown}, expected ${pct}`);
  });

  // A process both demo assessors scored, the analyst enters a third opinion.
  const scored = (await apiGet(prio, base, `/assessments?process_id=${topProcess.id}&limit=1000`)).body.items;
  const assessorIds = new Set(scored.map((x) => x.assessor_id));
  const people = (await apiGet(prio, base, '/people?limit=1000&sort=name')).body.items;
  const third = people.find((p) => !assessorIds.has(p.id));
  const analystPage = await newPage();
  await step(analystPage, 'process-assessments', async () => {
    await logInAs(analystPage, accounts.analyst);
    await analystPage.goto(new URL(`/processes/${topProcess.id}`, base).href);
    await analystPage.locator('nav.tabs').getByRole('link', { name: 'Assessments' }).click();
    await waitForUrl(analystPage, (u) => u.searchParams.get('tab') === 'assessments', 'tab=assessments');
    await analystPage.locator('table.scores-table').waitFor();
    const criteria = (await apiGet(analystPage, base, '/criteria?limit=100')).body.items;
    await analystPage.getByLabel('Scoring as').selectOption(String(third.id));
    await analystPage.locator('form.assessment-form').waitFor();
    expect(await analystPage.locator('fieldset.criterion-fieldset').count() === criteria.length, 'not every criterion is on the form');
    // Nothing of theirs yet: what the facts suggest is pre-filled, and marked.
    const suggested = (await apiGet(analystPage, base, `/processes/${topProcess.id}/suggestions`)).body.items.filter((s) => s.score);
    expect(await analystPage.locator('.suggested-note').count() === suggested.length, 'the suggestions are not marked');
    // Why each is suggested, in the reader's language: the maturity rule's reason in
    // English, then in French (the reply's key and values, not its English sentence).
    const maturity = suggested.find((x) => x.reason_key === 'maturity');
    expect(maturity, 'no maturity suggestion for the top process');
    const maturityNote = analystPage.locator(`fieldset[data-criterion="${maturity.code}"] .suggested-note`);
    expect((await maturityNote.innerText()).includes(`maturity ${maturity.reason_values.maturity} of 5`), 'the English reason is not shown');
    await analystPage.locator('#language').selectOption('fr');
    await analystPage.waitForFunction(() => document.documentElement.lang === 'fr');
    await maturityNote.filter({ hasText: `maturité ${maturity.reason_values.maturity} sur 5` }).waitFor();
    const frNotes = await analystPage.locator('.suggested-note').allInnerTexts();
    for (const x of suggested) {
      expect(!frNotes.some((n) => n.includes(x.reason)), `an English reason in French: ${x.reason}`);
    }
    await analystPage.locator('#language').selectOption('en');
    await analystPage.waitForFunction(() => document.documentElement.lang === 'en');
    await analystPage.locator('form.assessment-form').waitFor();
    for (const c of criteria) {
      await analystPage.locator(`fieldset[data-criterion="${c.code}"] input[value="5"]`).check();
    }
    await analystPage.locator(`#rationale-${criteria[0].code}`).fill('Third opinion entered in the browser (e2e).');
    await analystPage.getByRole('button', { name: `Save ${criteria.length} scores` }).click();
    await analystPage.getByRole('status').filter({ hasText: `${criteria.length} scores saved` }).waitFor();
    const now = (await apiGet(analystPage, base, `/assessments?process_id=${topProcess.id}&limit=1000`)).body.items;
    const mine = now.filter((x) => x.assessor_id === third.id);
    expect(mine.length === criteria.length && mine.every((x) => x.score === 5), `stored: ${JSON.stringify(mine.map((x) => x.score))}`);
    // The table shows the new column and the new means.
    await analystPage.locator(`table.scores-table th[data-assessor="${third.id}"]`).waitFor();
    for (const c of criteria) {
      const scores = now.filter((x) => x.criterion_id === c.id).map((x) => x.score);
      const mean = (scores.reduce((s, v) => s + v, 0) / scores.length).toFixed(1);
      const cell = (await analystPage.locator(`table.scores-table tr[data-criterion="${c.code}"] td.mean`).innerText()).trim();
      expect(cell === mean, `${c.code}: the mean shows ${cell}, the API gives ${mean}`);
    }
    // Saved: the form now holds the stored scores, nothing left to save.
    await analystPage.getByRole('button', { name: 'Nothing to save' }).waitFor();
  });
  await analystPage.context().close();

  const viewer2 = await newPage();
  await step(viewer2, 'process-assessments-viewer', async () => {
    await logInAs(viewer2, accounts.viewer);
    await viewer2.goto(new URL(`/processes/${topProcess.id}?tab=assessments`, base).href);
    await viewer2.locator('table.scores-table').waitFor();
    expect(await viewer2.locator('form.assessment-form, #assessor').count() === 0, 'the viewer gets the assessment form');
    expect(await viewer2.locator(`table.scores-table th[data-assessor="${third.id}"]`).count() === 1, 'the viewer does not see every assessor');
  });
  await viewer2.context().close();

  const kpis = (await apiGet(prio, base, '/analysis/kpis')).body.items;
  const kpi = kpis.find((k) => k.measurements.length > 3 && k.status !== 'no_data');
  await step(prio, 'process-targets', async () => {
    await prio.goto(new URL(`/processes/${kpi.process_id}`, base).href);
    await prio.locator('nav.tabs').getByRole('link', { name: 'Targets' }).click();
    await waitForUrl(prio, (u) => u.searchParams.get('tab') === 'targets', 'tab=targets');
    const mine = kpis.filter((k) => k.process_id === kpi.process_id);
    const card = prio.locator(`article.kpi-card[data-kpi="${kpi.code}"]`);
    await card.locator('.kpi-chart[data-ready="true"] canvas').first().waitFor();
    expect(await prio.locator('article.kpi-card').count() === mine.length, 'not every KPI of the process is shown');
    const words = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track', achieved: 'Achieved', no_data: 'No data' };
    for (const k of mine) {
      const badge = prio.locator(`article.kpi-card[data-kpi="${k.code}"] .kpi-status`);
      expect((await badge.innerText()).trim() === words[k.status] && await badge.getAttribute('data-status') === k.status,
        `${k.code}: the badge says ${await badge.innerText()}, the API ${k.status}`);
    }
    const opt = await chartOption(prio, `article.kpi-card[data-kpi="${kpi.code}"] .kpi-chart`);
    const measured = opt.series.find((s) => s.name === 'Measured');
    const lines = measured.markLine.data;
    expect(lines.some((l) => l.yAxis === kpi.target), 'no target line');
    expect(lines.some((l) => l.xAxis === Date.parse(`${kpi.due_date}T00:00:00Z`)), 'no due-date line');
    expect(opt.yAxis[0].name === kpi.unit_of_measure && opt.xAxis[0].name === 'Date', 'the axes are not named');
    const projected = opt.series.find((s) => s.name === 'Projected');
    if (kpi.projected !== null) expect(projected && projected.lineStyle.type === 'dashed', 'no dashed projection');
    // The table says the same.
    await card.locator('details.kpi-table summary').click();
    expect(await card.locator('table.kpi-measurements tbody tr').count() >= kpi.measurements.length, 'the table lacks measurements');
    // A measurement added in the browser.
    await card.getByLabel(`Value (${kpi.unit_of_measure})`).fill(String(kpi.target));
    await card.getByLabel('Source').fill('e2e');
    await card.getByRole('button', { name: 'Add', exact: true }).click();
    await prio.getByRole('status').filter({ hasText: `Measurement of ${kpi.code} added` }).waitFor();
    const after = (await apiGet(prio, base, `/kpis/${kpi.id}/measurements?limit=1000`)).body;
    expect(after.total === kpi.measurements.length + 1, `${after.total} measurements after adding one to ${kpi.measurements.length}`);
    await prio.locator(`article.kpi-card[data-kpi="${kpi.code}"] .kpi-chart[data-ready="true"] canvas`).first().waitFor();
    await prio.waitForTimeout(600);
  });
  await prio.context().close();

  /* ---------- accessibility (issue 4): axe-core on every kind of page ---------- */
  // axe is injected as a script, which the app's CSP rightly forbids: these checks run
  // in a context of their own that bypasses the CSP (the other contexts keep it).
  const axeSource = fs.readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const a11yContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB', bypassCSP: true });
  const a11y = await a11yContext.newPage();
  a11y.setDefaultTimeout(STEP_TIMEOUT_MS);
  /* The WCAG 2.1 A and AA violations axe finds on the page as it is now. */
  const axeViolations = async () => {
    await a11y.addScriptTag({ content: axeSource });
    const result = await a11y.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }));
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`);
  };
  const a11yPages = [
    ['login', '/login', 'form'],
    ['dashboard', '/', 'main h1'],
    ['inventory', '/processes?sort=-volume_per_year', 'table.inventory[aria-busy="false"] tbody tr'],
    ['process-details', `/processes/${proc.id}`, '.summary-strip'],
    ['process-dependencies', `/processes/${proc.id}?tab=dependencies`, 'div.dependencies'],
    ['process-impact', `/processes/${proc.id}?tab=impact`, 'table.impact tbody tr'],
    ['graph', `/graph?process=${proc.id}`, '.graph-canvas canvas'],
    ['analyses-clusters', '/analyses', 'table.analyses-clusters'],
    ['analyses-checks', '/analyses?tab=checks', '.check-counts li'],
    ['process-goals', `/processes/${proc.id}?tab=goals`, 'div.goal-links'],
    ['process-history', `/processes/${proc.id}?tab=history`, '.tab-panel'],
    ['process-new', '/processes/new', '#f-code'],
    ['units', '/units', 'table.units-table'],
    ['unit-edit', `/units/${hrmd.id}/edit`, '#f-code'],
    ['people', '/people', 'table.people-table'],
    ['goals', '/goals', 'table.goals-table'],
    ['import', '/import', '#import-file'],
    ['priorities-ranking', '/priorities', 'table.ranking tbody tr', async () => {
      await a11y.locator('table.ranking button.why-button').first().click();
      await a11y.locator('tr.why-row table.breakdown-table').waitFor();
    }],
    ['priorities-matrix', '/priorities/matrix', '.matrix-chart[data-ready="true"] canvas'],
    ['priorities-quick-wins', '/priorities/quick-wins', 'table.almost tbody tr'],
    ['priorities-portfolio', '/priorities/portfolio?budget=1500000&hours=15000&period=2027&min_strength=2', '.portfolio-result'],
    ['priorities-criteria', '/priorities/criteria', 'table.weight-history tbody tr', async () => {
      await a11y.locator('table.criteria-table button[aria-expanded]').first().click();
      await a11y.locator('tr.levels-row ol.levels').waitFor();
    }],
    ['priorities-criterion-edit', `/priorities/criteria/${criterion.id}/edit`, '#f-level_1'],
    ['priorities-pairwise', '/priorities/pairwise', '.consistency'],
    ['priorities-kpis', '/priorities/kpis', 'table.kpi-list tbody tr'],
    ['process-assessments', `/processes/${topProcess.id}?tab=assessments`, 'table.scores-table', async () => {
      await a11y.locator('#assessor').selectOption(String(people[0].id));
      await a11y.locator('form.assessment-form fieldset').first().waitFor();
    }],
    ['process-targets', `/processes/${kpi.process_id}?tab=targets`, '.kpi-chart[data-ready="true"] canvas'],
    ...governanceA11y,
  ];
  await step(a11y, 'a11y-checker-finds-problems', async () => {
    // the checker itself: a page with an unlabelled input and faint text must fail
    await a11y.setContent('<!doctype html><html lang="en"><head><title>t</title></head><body><main>' +
      '<input type="text"><p class="faint">faint text</p></main></body></html>');
    await a11y.addStyleTag({ content: '.faint { color: #ccc; background: #fff; }' });
    const found = (await axeViolations()).join(' ');
    expect(found.includes('label') && found.includes('color-contrast'), `axe found only: ${found}`);
  });
  for (const [name, url, ready, prepare] of a11yPages) {
    await step(a11y, `a11y-${name}`, async () => {
      if (name === 'dashboard') {
        await a11y.getByLabel('E-mail').fill(admin.email);
        await a11y.getByLabel('Password').fill(admin.password);
        await a11y.getByRole('button', { name: 'Log in' }).click();
        await waitForUrl(a11y, (u) => u.pathname === '/', 'the dashboard');
      } else {
        await a11y.goto(new URL(url, base).href);
      }
      await a11y.locator(ready).first().waitFor();
      await a11y.waitForLoadState('networkidle');
      if (prepare) await prepare();
      const found = await axeViolations();
      expect(found.length === 0, `axe: ${found.join('; ')}`);
    });
  }
  // The same in Chinese and right-to-left Arabic.
  for (const lang of ['zh', 'ar']) {
    await step(a11y, `a11y-inventory-${lang}`, async () => {
      await a11y.goto(new URL('/processes', base).href);
      await a11y.locator('#language').selectOption(lang);
      await a11y.waitForFunction((l) => document.documentElement.lang === l, lang);
      await a11y.locator('table.inventory[aria-busy="false"] tbody tr').first().waitFor();
      const found = await axeViolations();
      expect(found.length === 0, `axe: ${found.join('; ')}`);
    });
  }
  await a11yContext.close();

  await step(page, 'no-console-errors', async () => {
    expect(problems.length === 0, `${problems.length} console errors, page errors or CSP violations`);
  });
}

async function cleanup() {
  if (browser) await browser.close().catch(() => {});
  stopServer();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

process.on('exit', () => { if (server && server.exitCode === null) server.kill('SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => { await cleanup(); process.exit(130); });
}

let fatal = null;
try {
  await main();
} catch (e) {
  fatal = e;
} finally {
  await cleanup();
}
if (fatal) {
  log(`# error: ${fatal.stack || fatal}`);
  results.push({ name: 'setup', ok: false });
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
