// governance.mjs — the browser steps of the Governance area (issue 7), run by run.mjs
// with its helpers: the asset register (filters, search), creating an asset (a bad
// retention refused with the errors beside the fields, then a good one), its copies
// and process links, the findings (counts, filters, the Fix links), the retention
// calendar, the dashboard tile, deleting the asset, and what a viewer and an owner
// may do. The demo organisation holds 48 assets, 97 copies, 100 links and 23 findings.

/* A write by "someone else" with the session of PG (and its CSRF token). */
function writeAsOther(pg, method, p, body) {
  return pg.evaluate(async ({ method, p, body }) => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch(`/api/v1${p}`, {
      method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token }, body: JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() };
  }, { method, p, body });
}

/* The steps of an analyst or administrator on PAGE. CTX: {page, base, step, expect,
 * apiGet, waitForUrl, processId (a process for the accessibility pages)}. Returns the
 * Governance pages for the accessibility loop (looked up while logged in). */
export async function governanceSteps(ctx) {
  const { page, base, step, expect, apiGet, waitForUrl } = ctx;
  const go = (p) => page.goto(new URL(p, base).href);
  const range = async () => {
    await page.waitForSelector('table.assets-table[aria-busy="false"], .assets-page article.empty');
    const text = await page.locator('#assets-range').innerText();
    const nums = text.replace(/[,\s.\u00a0\u202f]/g, '').match(/\d+/g) || [];
    return { text, from: Number(nums[0]), to: Number(nums[1]), total: Number(nums[2]) };
  };
  const rowCodes = () => page.locator('table.assets-table tbody tr td:first-child').evaluateAll((tds) => tds.map((td) => td.innerText.trim()));
  const findings = async (q = '') => (await apiGet(page, base, `/governance/findings${q}`)).body;

  await step(page, 'assets-list', async () => {
    await page.locator('header.topbar').getByRole('link', { name: 'Governance' }).click();
    await waitForUrl(page, (u) => u.pathname === '/assets', '/assets');
    await page.getByRole('heading', { level: 1, name: 'Information assets' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Governance pages' });
    for (const name of ['Information assets', 'Findings', 'Retention calendar']) await nav.getByRole('link', { name }).waitFor();
    const all = (await apiGet(page, base, '/assets?limit=1')).body.total;
    const r = await range();
    expect(r.total === all && all === 48, `"${r.text}", the API counts ${all} (the demo has 48)`);
    expect((await rowCodes()).length === 48, 'not every asset is on the first page');
    // the classification as a word on its badge; the findings counted per asset
    const numdb = (await apiGet(page, base, '/assets?q=SYS-NUMDB')).body.items[0];
    const row = page.locator(`table.assets-table tr[data-id="${numdb.id}"]`);
    expect((await row.locator('.classification').innerText()).trim() === 'Internal', 'no classification badge');
    const mine = (await findings()).items.filter((f) => f.asset.id === numdb.id).length;
    await row.locator('a.finding-count').waitFor();
    expect(Number(await row.locator('a.finding-count').innerText()) === mine && mine === 3, `SYS-NUMDB shows ${await row.locator('a.finding-count').innerText()} findings, the API ${mine}`);
    expect(await row.locator('a.finding-count').getAttribute('href') === `/assets/${numdb.id}?tab=findings`, 'the count does not open its findings');
  });

  await step(page, 'assets-filter-classification', async () => {
    await page.getByRole('group', { name: 'Filters' }).getByLabel('Classification').selectOption('confidential');
    await waitForUrl(page, (u) => u.searchParams.get('classification') === 'confidential', 'classification=confidential');
    const want = (await apiGet(page, base, '/assets?classification=confidential&limit=1')).body.total;
    await page.waitForFunction((n) => document.querySelector('#assets-range').innerText.includes(`of ${n}`), want);
    const badges = await page.locator('table.assets-table tbody .classification').allInnerTexts();
    expect(badges.length === want && badges.every((b) => b.trim() === 'Confidential'), `classifications shown: ${badges}`);
    // two filters at once, kept in the address: critical and confidential
    await page.getByRole('group', { name: 'Filters' }).getByLabel('Critical').selectOption('true');
    await waitForUrl(page, (u) => u.searchParams.get('critical') === 'true' && u.searchParams.get('classification') === 'confidential', 'critical=true');
    const both = (await apiGet(page, base, '/assets?classification=confidential&critical=true&limit=100')).body;
    await page.waitForFunction((n) => document.querySelector('#assets-range').innerText.includes(`of ${n}`) || (n === 0 && document.querySelector('.assets-page article.empty')), both.total);
    expect(JSON.stringify(await rowCodes()) === JSON.stringify(both.items.map((a) => a.code)), 'the critical confidential assets differ from the API');
    expect(both.total > 0 && both.total < want, `${both.total} critical confidential assets of ${want}`);
  });

  await step(page, 'assets-search', async () => {
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await waitForUrl(page, (u) => u.pathname === '/assets' && !u.search, '/assets');
    await page.getByLabel('Search assets').fill('travel');
    await waitForUrl(page, (u) => u.searchParams.get('q') === 'travel', 'q=travel');
    const want = (await apiGet(page, base, '/assets?q=travel&limit=100')).body;
    await page.waitForFunction((n) => document.querySelector('#assets-range').innerText.includes(`of ${n}`), want.total);
    const codes = await rowCodes();
    expect(want.total > 0 && want.total < 48 && JSON.stringify(codes) === JSON.stringify(want.items.map((a) => a.code)), `rows ${codes}`);
    for (const a of want.items) expect(`${a.code} ${a.name} ${a.description}`.toLowerCase().includes('travel'), `${a.code} does not mention travel`);
    // the export links carry the view
    const href = await page.getByRole('button', { name: 'Export CSV' }).getAttribute('href');
    expect(href.startsWith('/api/v1/assets?') && href.includes('q=travel') && href.includes('format=csv'), `export: ${href}`);
  });

  let asset = null;
  await step(page, 'asset-create-bad-retention', async () => {
    const before = (await apiGet(page, base, '/assets?limit=1')).body.total;
    await go('/assets');
    await range();
    await page.getByRole('button', { name: 'New asset' }).click();
    await waitForUrl(page, (u) => u.pathname === '/assets/new', '/assets/new');
    await page.getByRole('heading', { level: 1, name: 'New information asset' }).waitFor();
    await page.getByLabel('Code *').fill('E2E-ASSET');
    await page.getByLabel('Name *', { exact: true }).fill('Grant agreements signed in the browser');
    await page.getByLabel('Kind *').selectOption('record_series');
    await page.getByLabel('Classification').selectOption('confidential');
    await page.getByLabel('Retention (years)').fill('2000');
    await page.getByRole('button', { name: 'Create the asset' }).click();
    await page.locator('#f-retention_years-error').waitFor();
    for (const f of ['retention_years', 'retention_trigger', 'disposition']) {
      const el = page.locator(`#f-${f}`);
      expect(await el.getAttribute('aria-invalid') === 'true', `${f} is not marked invalid`);
      expect((await el.getAttribute('aria-describedby') || '').includes(`f-${f}-error`), `${f} is not described by its error`);
      // the message is beside its own field
      expect(await page.locator(`.form-field[data-field="${f}"] #f-${f}-error`).count() === 1, `no error beside ${f}`);
    }
    expect((await page.locator('#f-retention_years-error').innerText()).includes('between 0 and 1000'), `message: ${await page.locator('#f-retention_years-error').innerText()}`);
    const summary = await page.locator('.error-summary').innerText();
    expect(/3 fields need attention/.test(summary) && summary.includes('Retention counted from') && summary.includes('Disposition'), `summary: ${summary}`);
    expect(await page.getByLabel('Code *').inputValue() === 'E2E-ASSET', 'the typed code was lost');
    expect((await apiGet(page, base, '/assets?limit=1')).body.total === before, 'an asset was stored');
  });

  await step(page, 'asset-create', async () => {
    await page.getByLabel('Retention (years)').fill('7');
    await page.getByLabel('Retention counted from').selectOption('closure');
    await page.getByLabel('Trigger date').fill('2020-12-31');
    await page.getByLabel('Disposition').selectOption('destroy');
    await page.getByLabel('Personal data').check();
    await page.locator('#f-owner_id option:nth-child(2)').waitFor({ state: 'attached' });
    await page.getByLabel('Owner').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Create the asset' }).click();
    await waitForUrl(page, (u) => /^\/assets\/\d+$/.test(u.pathname), '/assets/{id}');
    asset = (await apiGet(page, base, '/assets?q=E2E-ASSET')).body.items[0];
    expect(asset && new URL(page.url()).pathname === `/assets/${asset.id}`, 'not on the new asset\'s page');
    expect(asset.retention_years === 7 && asset.retention_trigger === 'closure' && asset.retention_from === '2020-12-31'
      && asset.disposition === 'destroy' && asset.personal_data === true && asset.critical === false
      && asset.classification === 'confidential' && asset.owner_id !== null, `stored: ${JSON.stringify(asset)}`);
    await page.getByRole('status').filter({ hasText: 'Asset E2E-ASSET created.' }).waitFor();
    const strip = await page.locator('.asset-summary').innerText();
    expect(strip.includes('7 years from closure') && strip.includes('2027') && strip.includes('destroy'), `summary strip: ${strip}`);
    expect(strip.includes('Confidential') && strip.includes('Record series'), `summary strip: ${strip}`);
    expect((await page.locator('main h1').innerText()).includes('E2E-ASSET'), 'the title lacks the code');
  });

  await step(page, 'asset-add-copies', async () => {
    await page.locator('nav.tabs a[data-tab="copies"]').click();
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'copies', 'tab=copies');
    await page.locator('.no-backup').waitFor();
    expect((await page.locator('.no-backup').innerText()).includes('No backup copy'), 'no warning without copies');
    await page.getByRole('button', { name: 'Add a copy' }).click();
    await page.getByLabel('Kind of copy *').selectOption('system');
    await page.getByLabel('Location *').fill('Document management system, grants library');
    const dms = (await apiGet(page, base, '/assets?q=SYS-DMS')).body.items[0];
    await page.locator(`#copy-system_id option[value="${dms.id}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Held in system').selectOption(String(dms.id));
    await page.getByRole('button', { name: 'Add the copy' }).click();
    await page.getByRole('status').filter({ hasText: 'Copy at Document management system, grants library added.' }).waitFor();
    await page.locator('table.copies-table tbody tr').first().waitFor();
    expect((await page.locator('table.copies-table tbody tr').first().innerText()).includes('SYS-DMS'), 'the copy does not name its system');
    // one copy, no backup: the warning stays
    await page.locator('.no-backup').waitFor();
    await page.getByRole('button', { name: 'Add a copy' }).click();
    await page.getByLabel('Kind of copy *').selectOption('cloud');
    await page.getByLabel('Location *').fill('Offsite backup vault (e2e)');
    await page.getByLabel('This copy is a backup').check();
    await page.getByRole('button', { name: 'Add the copy' }).click();
    await page.locator('table.copies-table tbody tr').nth(1).waitFor();
    await page.locator('.no-backup').waitFor({ state: 'detached' });
    const copies = (await apiGet(page, base, `/assets/${asset.id}/copies`)).body.items;
    expect(copies.length === 2 && copies.filter((c) => c.is_backup).length === 1 && copies.some((c) => c.system_id === dms.id),
      `stored: ${JSON.stringify(copies)}`);
    expect((await page.locator('nav.tabs a[data-tab="copies"]').innerText()).includes('(2)'), 'the tab does not count 2 copies');
  });

  await step(page, 'asset-copy-conflict', async () => {
    // a copy changed by someone else while it is edited here: their version is shown,
    // what was typed stays, and the next Save is made on top of theirs
    const copy = (await apiGet(page, base, `/assets/${asset.id}/copies`)).body.items.find((c) => !c.is_backup);
    await page.getByRole('button', { name: `Edit the copy at ${copy.location}` }).click();
    await page.getByLabel('Location *').fill('Document management system, grants library (v2)');
    const r = await writeAsOther(page, 'PATCH', `/asset_copies/${copy.id}`, { location: 'DMS grants library, moved', version: copy.version });
    expect(r.status === 200, `the other PATCH answered ${r.status}`);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const notice = page.locator('form.copy-form .conflict');
    await notice.waitFor();
    expect((await notice.innerText()).includes('DMS grants library, moved'), `the notice: ${await notice.innerText()}`);
    expect(await page.getByLabel('Location *').inputValue() === 'Document management system, grants library (v2)', 'the typed location was lost');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'grants library (v2) saved' }).waitFor();
    const stored = (await apiGet(page, base, `/asset_copies/${copy.id}`)).body;
    expect(stored.location === 'Document management system, grants library (v2)' && stored.version === copy.version + 2, `stored: ${JSON.stringify(stored)}`);
  });

  await step(page, 'asset-edit', async () => {
    await page.locator('nav.tabs a[data-tab="details"]').click();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    await page.locator('form.asset-form #f-code').waitFor();
    await page.getByLabel('Critical').check();
    const hrmd = (await apiGet(page, base, '/units?q=HRMD&limit=100')).body.items.find((u) => u.code === 'HRMD');
    await page.locator(`#f-steward_unit_id option[value="${hrmd.id}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Steward unit').selectOption(String(hrmd.id));
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'The asset is now at version' }).waitFor();
    const stored = (await apiGet(page, base, `/assets/${asset.id}`)).body;
    asset = stored;
    expect(stored.critical === true && stored.steward_unit_id === hrmd.id && stored.personal_data === true, `stored: ${JSON.stringify(stored)}`);
    // the page shows the stored version: the steward in the strip, the new version
    await page.locator('.asset-summary', { hasText: 'HRMD' }).waitFor();
    await page.locator('dl.details', { hasText: String(stored.version) }).waitFor();
  });

  let linked = null;
  await step(page, 'asset-link-process', async () => {
    await page.locator('nav.tabs a[data-tab="processes"]').click();
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'processes', 'tab=processes');
    await page.locator('.asset-links p.empty').waitFor();
    const box = page.getByRole('combobox', { name: 'Process', exact: true });
    await box.fill('HR-REC');
    await page.locator('#link-process_id-listbox [role="option"]').first().waitFor();
    const chosen = Number(await page.locator('#link-process_id-listbox [role="option"][aria-selected="true"]').getAttribute('data-id'));
    await box.press('Enter');
    await page.locator('.picker-value').waitFor();
    await page.getByLabel('How the process uses it').selectOption('publishes');
    await page.getByRole('button', { name: 'Add the link' }).click();
    await page.locator(`table.links-table tr[data-process="${chosen}"]`).waitFor();
    const links = (await apiGet(page, base, `/assets/${asset.id}/processes`)).body.items;
    expect(links.length === 1 && links[0].process_id === chosen && links[0].kind === 'publishes', `stored: ${JSON.stringify(links)}`);
    linked = (await apiGet(page, base, `/processes/${chosen}`)).body;
    // publishing a confidential asset with personal data is a finding, shown at once
    const mine = (await findings()).items.filter((f) => f.asset.id === asset.id);
    expect(mine.some((f) => f.rule === 'sensitive_published' && f.process_id === chosen), `findings: ${JSON.stringify(mine.map((f) => f.rule))}`);
    await page.locator('.finding-notes li[data-rule="sensitive_published"]').waitFor();
    expect(await page.locator(`table.links-table tr[data-process="${chosen}"].has-finding`).count() === 1, 'the link is not marked');
  });

  await step(page, 'process-assets-tab', async () => {
    // the same link from the process's side, then another asset linked and removed there
    await go(`/processes/${linked.id}`);
    await page.getByRole('navigation', { name: 'Sections of the process' }).getByRole('link', { name: 'Assets' }).click();
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'assets', 'tab=assets');
    const row = page.locator(`table.process-assets-table tr[data-asset="${asset.id}"]`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text.includes('E2E-ASSET') && text.includes('Confidential') && text.includes('Publishes'), `the row reads ${text}`);
    const term = (await apiGet(page, base, '/assets?q=DS-TERM')).body.items[0];
    await page.locator(`#passet-asset_id option[value="${term.id}"]`).waitFor({ state: 'attached' });
    await page.getByLabel('Information asset', { exact: true }).selectOption(String(term.id));
    await page.getByLabel('How the process uses it').selectOption('uses');
    await page.getByRole('button', { name: 'Add the link' }).click();
    const added = page.locator(`table.process-assets-table tr[data-asset="${term.id}"]`);
    await added.waitFor();
    await added.getByRole('button', { name: 'Remove' }).click();
    const ask = page.getByRole('alertdialog');
    expect((await ask.innerText()).includes('Remove the link to DS-TERM'), `the question: ${await ask.innerText()}`);
    await ask.getByRole('button', { name: 'Remove the link' }).click();
    await added.waitFor({ state: 'detached' });
    const left = (await apiGet(page, base, `/processes/${linked.id}/assets?limit=1000`)).body.items;
    expect(!left.some((l) => l.asset_id === term.id) && left.some((l) => l.asset_id === asset.id), `links left: ${JSON.stringify(left)}`);
  });

  await step(page, 'asset-mark-reviewed', async () => {
    // never reviewed: a finding on the details tab, fixed by one button
    await go(`/assets/${asset.id}`);
    await page.locator('.finding-notes li[data-rule="not_reviewed"]').waitFor();
    await page.getByRole('button', { name: 'Mark as reviewed today' }).click();
    await page.getByRole('status').filter({ hasText: 'Marked as reviewed' }).waitFor();
    await page.locator('.finding-notes li[data-rule="not_reviewed"]').waitFor({ state: 'detached' });
    const after = (await apiGet(page, base, `/assets/${asset.id}`)).body;
    expect(after.last_reviewed && after.version === asset.version + 1, `stored: ${JSON.stringify(after)}`);
    await page.locator('nav.tabs a[data-tab="history"]').click();
    await page.locator('ol.history li.history-entry').nth(1).waitFor();
    expect((await page.locator('ol.history').innerText()).includes('Last reviewed'), 'the history does not show the review');
  });

  await step(page, 'findings-page', async () => {
    await go('/assets');
    await page.getByRole('navigation', { name: 'Governance pages' }).getByRole('link', { name: 'Findings' }).click();
    await waitForUrl(page, (u) => u.pathname === '/governance/findings', '/governance/findings');
    const all = await findings();
    await page.locator('table.findings-table tbody tr').first().waitFor();
    expect(await page.locator('table.findings-table tbody tr').count() === all.total, `rows: ${await page.locator('table.findings-table tbody tr').count()}, API: ${all.total}`);
    // the counts at the top are the API's, each a link that filters
    for (const s of ['high', 'medium', 'low']) {
      const n = Number((await page.locator(`.severity-count[data-severity="${s}"] .big-number`).innerText()).replace(/\D/g, ''));
      expect(n === all.by_severity[s], `${s}: ${n} shown, ${all.by_severity[s]} in the API`);
    }
    for (const r of all.by_rule) {
      const n = Number((await page.locator(`.rule-counts li[data-rule="${r.rule}"] .rule-count`).innerText()).replace(/\D/g, ''));
      expect(n === r.count, `${r.rule}: ${n} shown, ${r.count} in the API`);
    }
    await page.locator('.severity-count[data-severity="high"]').click();
    await waitForUrl(page, (u) => u.searchParams.get('severity') === 'high', 'severity=high');
    await page.waitForFunction((n) => document.querySelectorAll('table.findings-table tbody tr').length === n, all.by_severity.high);
    const sev = await page.locator('table.findings-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.severity));
    expect(sev.length === all.by_severity.high && sev.every((s) => s === 'high'), `severities shown: ${sev}`);
    expect(await page.locator('#findings-filter-severity').inputValue() === 'high', 'the severity filter does not say high');
    // the rule counts follow the severity: only high findings are counted
    const high = await findings('?severity=high');
    for (const r of high.by_rule) {
      const n = Number((await page.locator(`.rule-counts li[data-rule="${r.rule}"] .rule-count`).innerText()).replace(/\D/g, ''));
      expect(n === r.count, `high ${r.rule}: ${n} shown, ${r.count} in the API`);
    }
  });

  await step(page, 'findings-fix-links', async () => {
    // single_copy is fixed on the copies tab of its asset
    const single = (await findings('?severity=high&rule=single_copy')).items[0];
    const row = page.locator(`table.findings-table tr[data-rule="single_copy"][data-asset="${single.asset.id}"]`);
    await row.getByRole('button', { name: /^Fix/ }).click();
    await waitForUrl(page, (u) => u.pathname === `/assets/${single.asset.id}` && u.searchParams.get('tab') === 'copies', `/assets/${single.asset.id}?tab=copies`);
    await page.locator('nav.tabs a[data-tab="copies"][aria-current="page"]').waitFor();
    await page.locator('.finding-notes li[data-rule="single_copy"]').waitFor();
    // no_owner is fixed in the details (the owner field)
    await go('/governance/findings?rule=no_owner');
    const first = (await findings('?rule=no_owner')).items.sort((a, b) => ({ high: 0, medium: 1, low: 2 }[a.severity] - { high: 0, medium: 1, low: 2 }[b.severity]) || a.asset.code.localeCompare(b.asset.code))[0];
    await page.locator('table.findings-table tbody tr').first().getByRole('button', { name: /^Fix/ }).click();
    await waitForUrl(page, (u) => u.pathname === `/assets/${first.asset.id}` && !u.searchParams.get('tab'), `/assets/${first.asset.id}`);
    await page.locator('nav.tabs a[data-tab="details"][aria-current="page"]').waitFor();
    await page.locator('.finding-notes li[data-rule="no_owner"]').waitFor();
    // paper_in_digital: the processes tab, where the digital process is
    const paper = (await findings('?rule=paper_in_digital')).items[0];
    await go('/governance/findings?rule=paper_in_digital');
    await page.locator(`table.findings-table tr[data-asset="${paper.asset.id}"]`).first().getByRole('button', { name: /^Fix/ }).click();
    await waitForUrl(page, (u) => u.searchParams.get('tab') === 'processes', 'tab=processes');
    await page.locator(`table.links-table tr[data-process="${paper.process_id}"].has-finding`).waitFor();
  });

  await step(page, 'retention-page', async () => {
    await go('/assets');
    await page.getByRole('navigation', { name: 'Governance pages' }).getByRole('link', { name: 'Retention calendar' }).click();
    await waitForUrl(page, (u) => u.pathname === '/governance/retention', '/governance/retention');
    const sched = (await apiGet(page, base, '/governance/retention?months=12')).body;
    expect(sched.total === 9, `the demo schedules ${sched.total} assets in 12 months, not 9`);
    await page.locator('#retention-chart .chart[data-ready="true"] canvas').first().waitFor();
    expect(await page.locator('#retention-chart .chart').getAttribute('aria-hidden') === 'true', 'the chart is not hidden from assistive technology');
    await page.locator('table.retention-counts').waitFor();
    const rows = await page.locator('table.retention-table tr[data-asset]').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.asset)));
    expect(JSON.stringify(rows) === JSON.stringify(sched.items.map((i) => i.asset.id)), `rows ${rows}, the API ${sched.items.map((i) => i.asset.id)}`);
    const overdue = sched.items.filter((i) => i.overdue).length;
    expect(overdue > 0 && await page.locator('tbody.overdue tr[data-asset]').count() === overdue, 'the overdue group differs');
    expect(await page.locator('tbody.group').first().getAttribute('data-group') === 'overdue', 'the overdue group is not first');
    // the chart's bars count what the table lists
    const bars = await page.locator('#retention-chart .chart').evaluate(async (el) => {
      const echarts = await import('/vendor/echarts.esm.min.mjs');
      return echarts.getInstanceByDom(el).getOption().series[0].data.map((d) => d.value);
    });
    expect(bars.reduce((a, b) => a + b, 0) === sched.total && bars[0] === overdue, `bars ${bars}`);
    // each row links to its asset
    await page.locator(`table.retention-table tr[data-asset="${sched.items[0].asset.id}"] a[href="/assets/${sched.items[0].asset.id}"]`).waitFor();
    // 24 months: the new asset (due on 31 December 2027) appears
    await page.getByLabel('Period').selectOption('24');
    await waitForUrl(page, (u) => u.searchParams.get('months') === '24', 'months=24');
    const longer = (await apiGet(page, base, '/governance/retention?months=24')).body;
    await page.waitForFunction((n) => document.querySelectorAll('table.retention-table tr[data-asset]').length === n, longer.total);
    expect(longer.items.some((i) => i.asset.id === asset.id), 'the new asset is not due within 24 months');
    await page.locator(`table.retention-table tr[data-asset="${asset.id}"]`).waitFor();
    await page.waitForTimeout(800); // the bars finish growing before the screenshot
  });

  await step(page, 'dashboard-governance-tile', async () => {
    await page.locator('header.topbar').getByRole('link', { name: 'Dashboard' }).click();
    await waitForUrl(page, (u) => u.pathname === '/', 'the dashboard');
    const tile = page.locator('#dashboard-governance');
    await tile.locator('table.governance-counts').waitFor();
    const all = await findings();
    for (const s of ['high', 'medium', 'low']) {
      const link = tile.locator(`tr[data-severity="${s}"] a`);
      expect(await link.getAttribute('href') === `/governance/findings?severity=${s}`, `${s} links to ${await link.getAttribute('href')}`);
      expect(Number(await link.innerText()) === all.by_severity[s], `${s}: ${await link.innerText()}, the API ${all.by_severity[s]}`);
    }
    const due = await tile.locator('.due-list li').count();
    expect(due === 5, `${due} assets listed as next due`);
    await tile.locator('tr[data-severity="high"] a').click();
    await waitForUrl(page, (u) => u.pathname === '/governance/findings' && u.searchParams.get('severity') === 'high', '/governance/findings?severity=high');
    await page.waitForFunction((n) => document.querySelectorAll('table.findings-table tbody tr').length === n, all.by_severity.high);
  });

  await step(page, 'asset-delete', async () => {
    await go(`/assets/${asset.id}`);
    await page.getByRole('button', { name: 'Delete this asset' }).click();
    const ask = page.getByRole('alertdialog');
    const text = await ask.innerText();
    expect(text.includes('Delete the asset E2E-ASSET?') && text.includes('copies (2)') && text.includes('links to processes (1)'), `the question: ${text}`);
    await ask.getByRole('button', { name: 'Delete E2E-ASSET' }).click();
    await waitForUrl(page, (u) => u.pathname === '/assets', '/assets');
    await page.getByRole('status').filter({ hasText: 'Asset E2E-ASSET deleted.' }).waitFor();
    expect((await apiGet(page, base, `/assets/${asset.id}`)).status === 404, 'the asset is still there');
    expect((await apiGet(page, base, `/asset_copies?asset_id=${asset.id}`)).body.total === 0, 'its copies are left');
    expect((await apiGet(page, base, `/process_assets?asset_id=${asset.id}`)).body.total === 0, 'its links are left');
    expect((await range()).total === 48, 'the register does not count 48 again');
  });

  return governanceA11yPages(page, base, apiGet, ctx.processId);
}

/* What a viewer and an owner see. CTX: {newPage, logInAs, accounts, base, step,
 * expect, apiGet}. */
export async function governanceRoleSteps(ctx) {
  const { newPage, logInAs, accounts, base, step, expect, apiGet } = ctx;
  const openAsset = async (pg, a, tab) => {
    await pg.goto(new URL(`/assets/${a.id}${tab ? `?tab=${tab}` : ''}`, base).href);
    await pg.locator('main h1', { hasText: a.code }).waitFor();
    await pg.locator('.tab-panel[aria-busy="false"]').waitFor();
    await pg.waitForLoadState('networkidle');
  };
  const controls = async (pg) => ({
    edit: await pg.getByRole('button', { name: 'Edit', exact: true }).count(),
    addCopy: await pg.getByRole('button', { name: 'Add a copy' }).count(),
    remove: await pg.getByRole('button', { name: 'Remove' }).count(),
    link: await pg.locator('form.add-link-form, form.add-asset-link-form').count(),
    del: await pg.getByRole('button', { name: 'Delete this asset' }).count(),
  });

  const viewer = await newPage();
  await step(viewer, 'viewer-governance-read-only', async () => {
    await logInAs(viewer, accounts.viewer);
    await viewer.goto(new URL('/assets', base).href);
    await viewer.locator('table.assets-table[aria-busy="false"] tbody tr').first().waitFor();
    expect(await viewer.getByRole('button', { name: 'New asset' }).count() === 0, 'the viewer sees "New asset"');
    const a = (await apiGet(viewer, base, '/assets?q=RS-MEDCERT')).body.items[0];
    await openAsset(viewer, a);
    let c = await controls(viewer);
    expect(c.edit === 0 && c.del === 0, `the viewer sees ${JSON.stringify(c)} on the details`);
    await openAsset(viewer, a, 'copies');
    c = await controls(viewer);
    expect(c.addCopy === 0 && c.remove === 0 && await viewer.getByRole('button', { name: 'Edit' }).count() === 0, `the viewer sees ${JSON.stringify(c)} on the copies`);
    await openAsset(viewer, a, 'processes');
    c = await controls(viewer);
    expect(c.link === 0 && c.remove === 0, `the viewer sees ${JSON.stringify(c)} on the processes`);
    const link = (await apiGet(viewer, base, `/assets/${a.id}/processes`)).body.items[0];
    await viewer.goto(new URL(`/processes/${link.process_id}?tab=assets`, base).href);
    await viewer.locator('table.process-assets-table tbody tr').first().waitFor();
    c = await controls(viewer);
    expect(c.link === 0 && c.remove === 0, `the viewer sees ${JSON.stringify(c)} on a process's assets`);
    await viewer.goto(new URL('/assets/new', base).href);
    await viewer.locator('main .error-box').waitFor();
    expect(await viewer.locator('#f-code').count() === 0, 'the viewer gets the asset form');
  });
  await viewer.context().close();

  const owner = await newPage();
  await step(owner, 'owner-governance-scope', async () => {
    await logInAs(owner, accounts.owner);
    const session = (await apiGet(owner, base, '/session')).body;
    const scope = (await apiGet(owner, base, `/assets?steward_unit_id=${session.user.unit_id}&limit=1000`)).body.items;
    // an asset stewarded in the owner's unit or below it: Edit, copies, Delete
    const mine = scope.find((a) => a.steward_unit_id !== session.user.unit_id) || scope[0];
    expect(mine, 'no asset is stewarded in the demo owner\'s unit');
    await openAsset(owner, mine);
    let c = await controls(owner);
    expect(c.edit === 1 && c.del === 1, `on ${mine.code} (theirs) the owner sees ${JSON.stringify(c)}`);
    await openAsset(owner, mine, 'copies');
    expect((await controls(owner)).addCopy === 1, `no "Add a copy" on ${mine.code}`);
    // an asset of another unit they do not own: nothing to change, but links of
    // their own processes may be added, and only those removed
    const inScope = new Set(scope.map((a) => a.id));
    const ownProcesses = new Set((await apiGet(owner, base, `/processes?unit_id=${session.user.unit_id}&limit=1000`)).body.items.map((p) => p.id));
    // one whose processes are partly the owner's (RS-HCA in the demo)
    let foreign = null;
    let links = [];
    for (const a of (await apiGet(owner, base, '/assets?limit=1000&sort=code')).body.items) {
      if (inScope.has(a.id) || a.owner_id === session.person_id) continue;
      const l = (await apiGet(owner, base, `/assets/${a.id}/processes?limit=1000`)).body.items;
      const n = l.filter((x) => ownProcesses.has(x.process_id)).length;
      if (n > 0 && n < l.length) { foreign = a; links = l; break; }
    }
    expect(foreign, 'no asset of another unit has links to both the owner\'s processes and others');
    await openAsset(owner, foreign);
    c = await controls(owner);
    expect(c.edit === 0 && c.del === 0, `on ${foreign.code} (another unit's) the owner sees ${JSON.stringify(c)}`);
    await openAsset(owner, foreign, 'copies');
    c = await controls(owner);
    expect(c.addCopy === 0 && c.remove === 0, `on ${foreign.code}'s copies the owner sees ${JSON.stringify(c)}`);
    await openAsset(owner, foreign, 'processes');
    const removable = links.filter((l) => ownProcesses.has(l.process_id)).length;
    c = await controls(owner);
    expect(c.link === 1 && c.remove === removable, `on ${foreign.code}'s ${links.length} links (${removable} of their processes) the owner sees ${JSON.stringify(c)}`);
  });
  await owner.context().close();
}

/* The Governance pages for the accessibility loop: [name, url, selector when ready]. */
async function governanceA11yPages(page, base, apiGet, processId) {
  const a = (await apiGet(page, base, '/assets?q=RS-MEDCERT')).body.items[0];
  return [
    ['assets', '/assets', 'table.assets-table[aria-busy="false"] tbody tr'],
    ['asset-details', `/assets/${a.id}`, '.asset-summary'],
    ['asset-copies', `/assets/${a.id}?tab=copies`, 'div.copies'],
    ['asset-processes', `/assets/${a.id}?tab=processes`, 'div.asset-links'],
    ['asset-findings', `/assets/${a.id}?tab=findings`, '.tab-panel .findings-list'],
    ['asset-history', `/assets/${a.id}?tab=history`, '.tab-panel .history-empty, .tab-panel ol.history'],
    ['asset-new', '/assets/new', '#f-code'],
    ['governance-findings', '/governance/findings', 'table.findings-table tbody tr'],
    ['governance-retention', '/governance/retention', '#retention-chart .chart[data-ready="true"] canvas'],
    ['process-assets', `/processes/${processId}?tab=assets`, 'div.process-assets'],
  ];
}
