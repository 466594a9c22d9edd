// pages/governance.js — the findings and the retention calendar (Governance area).
//
// /governance/findings: what the governance rules find (GET /governance/findings),
// filtered by rule, severity, steward unit (with its sub-units) and review interval,
// all in the URL. At the top, the counts by severity and by rule, each a link that
// filters; each finding says what is wrong (the server's text and hint, in English),
// on which asset, and links to the tab of the asset's page that fixes it.
//
// /governance/retention: what falls due for disposition in the next 6, 12 or 24
// months (GET /governance/retention), overdue first: a bar chart of the assets due
// per month, its numbers in a table, and the assets grouped by month.

import { html, useMemo } from '/vendor/htm-preact.mjs';
import { t, formatDate, formatNumber, language, localized } from '../i18n.js';
import { allUnits, get, lookup, query } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { unitTree } from '../forms.js';
import { ErrorBox, Loading, orNone, useAsync, useTitle } from '../components.js';
import { Chart, palette } from '../charts.js';
import {
  RULES, SEVERITIES, AssetLink, ClassificationBadge, GovernanceNav, SeverityBadge, fixHref, FIX_TAB,
} from './asset_parts.js';

const REVIEW_CHOICES = ['6', '12', '24', '36'];
const MONTH_CHOICES = ['6', '12', '24'];

/* ---------- findings ---------- */

function findingsView(q) {
  const v = {};
  for (const k of ['rule', 'severity', 'unit_id', 'review_months']) v[k] = q.get(k) || '';
  if (!REVIEW_CHOICES.includes(v.review_months)) v.review_months = '';
  return v;
}

/* The findings of the unit and review interval (the server filters those), the units
 * for the filter, and the processes the findings name. */
async function loadFindings(unitId, reviewMonths) {
  const [r, units] = await Promise.all([
    get(`/governance/findings${query({ unit_id: unitId, review_months: reviewMonths })}`),
    allUnits().catch(() => []),
  ]);
  const pids = [...new Set(r.items.map((f) => f.process_id).filter((x) => x))];
  const found = await Promise.all(pids.map((id) => lookup('processes', id).catch(() => null)));
  const processes = new Map(pids.map((id, i) => [id, found[i]]));
  return { r, units, processes };
}

const severityRank = (s) => SEVERITIES.indexOf(s);
const ruleRank = (r) => RULES.indexOf(r);

export function FindingsPage({ loc }) {
  const title = t('governance.findings.title');
  useTitle(title);
  const view = findingsView(loc.query);
  const { loading, data, error } = useAsync(() => loadFindings(view.unit_id, view.review_months), [view.unit_id, view.review_months]);
  const here = (change) => urlWith('/governance/findings', { ...view, ...change });
  const onFilter = (name, value) => navigate(here({ [name]: value }));
  const rules = view.rule ? view.rule.split(',') : null;
  const matchRule = (f) => !rules || rules.includes(f.rule);
  const matchSeverity = (f) => !view.severity || f.severity === view.severity;

  let body;
  if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!data) body = html`<${Loading} />`;
  else {
    const all = data.r.items;
    // each group of counts is taken with the other filter applied, so that every
    // count is the number of rows its link shows
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, all.filter((f) => matchRule(f) && f.severity === s).length]));
    const byRule = RULES.map((rule) => ({ rule, count: all.filter((f) => matchSeverity(f) && f.rule === rule).length }));
    const shown = all.filter((f) => matchRule(f) && matchSeverity(f)).sort((a, b) => severityRank(a.severity) - severityRank(b.severity)
      || ruleRank(a.rule) - ruleRank(b.rule) || a.asset.code.localeCompare(b.asset.code));
    const filtered = view.rule || view.severity || view.unit_id;
    body = html`
      <div class="severity-counts" role="group" aria-label=${t('governance.findings.by_severity')}>
        <a class="severity-count all" href=${here({ severity: '' })} aria-current=${!view.severity ? 'true' : undefined}>
          <span class="big-number">${formatNumber(all.filter(matchRule).length)}</span>
          <span>${t('governance.findings.all')}</span>
        </a>
        ${SEVERITIES.map((s) => html`<a class=${`severity-count count-${s}`} href=${here({ severity: s })} data-severity=${s}
          aria-current=${view.severity === s ? 'true' : undefined}>
          <span class="big-number">${formatNumber(bySeverity[s])}</span>
          <${SeverityBadge} value=${s} />
        </a>`)}
      </div>
      <section class="rule-counts" aria-labelledby="rule-counts-title">
        <h2 id="rule-counts-title">${t('governance.findings.by_rule')}</h2>
        <ul>
          ${byRule.map(({ rule, count }) => html`<li data-rule=${rule}>
            <a href=${here({ rule: view.rule === rule ? '' : rule })} aria-current=${view.rule === rule ? 'true' : undefined}
              title=${t(`governance.rule_help.${rule}`)}>
              <span class="rule-name">${t(`governance.rule.${rule}`)}</span>
              <span class=${`rule-count${count ? '' : ' zero'}`}>${formatNumber(count)}</span>
            </a>
          </li>`)}
        </ul>
      </section>
      <p id="findings-range" class="range" aria-live="polite">${t('governance.findings.shown', { count: shown.length })}</p>
      ${shown.length === 0
        ? html`<article class="empty">
            <h2>${t(filtered ? 'governance.findings.none_filtered' : 'governance.findings.none_title')}</h2>
            <p>${t(filtered ? 'governance.findings.none_filtered_text' : 'governance.findings.none_text')}</p>
            ${filtered && html`<p><a href="/governance/findings" role="button" class="secondary">${t('governance.findings.clear')}</a></p>`}
          </article>`
        : html`<div class="table-wrap"><table class="striped findings-table" aria-busy=${loading ? 'true' : 'false'} aria-describedby="findings-range">
          <caption class="visually-hidden">${title}</caption>
          <thead><tr>
            <th scope="col">${t('governance.col.severity')}</th>
            <th scope="col">${t('governance.col.rule')}</th>
            <th scope="col">${t('governance.col.asset')}</th>
            <th scope="col">${t('governance.col.finding')}</th>
            <th scope="col"><span class="visually-hidden">${t('governance.col.fix')}</span></th>
          </tr></thead>
          <tbody>${shown.map((f, i) => {
            const p = f.process_id ? data.processes.get(f.process_id) : null;
            return html`<tr key=${`${f.rule}-${f.asset.id}-${f.process_id || 0}-${i}`} data-rule=${f.rule} data-severity=${f.severity} data-asset=${f.asset.id}>
              <td><${SeverityBadge} value=${f.severity} /></td>
              <td class="rule">${t(`governance.rule.${f.rule}`)}</td>
              <td class="asset"><${AssetLink} asset=${f.asset} /><br /><small class="muted">${t(`asset.kind.${f.asset.kind}`)} · <${ClassificationBadge} value=${f.asset.classification} /></small></td>
              <td class="finding">
                <span lang="en">${f.text}</span>
                <small class="muted hint" lang="en">${f.hint}</small>
                ${f.process_id && html`<small>${t('governance.process')}: <a href=${`/processes/${f.process_id}`}><span class="code">${p ? p.code : `#${f.process_id}`}</span>${p ? ` ${localized(p, 'name')}` : ''}</a></small>`}
              </td>
              <td class="actions"><a class="fix-link" role="button" href=${fixHref(f)}
                aria-label=${t('governance.fix_named', { code: f.asset.code, where: t(`governance.fix.${FIX_TAB[f.rule]}`) })}>${t('governance.fix')}</a></td>
            </tr>`;
          })}</tbody>
        </table></div>`}`;
  }

  const units = data ? unitTree(data.units) : [];
  const unitOptions = units.map(({ unit, depth }) => ({ value: String(unit.id), label: `${'\u00a0\u00a0'.repeat(depth)}${unit.code} — ${localized(unit, 'name')}` }));
  if (view.unit_id && !unitOptions.some((o) => o.value === view.unit_id)) unitOptions.push({ value: view.unit_id, label: `#${view.unit_id}` });
  const select = (name, label, options, value, all) => html`<div class="filter">
    <label for=${`findings-filter-${name}`}>${label}</label>
    <select id=${`findings-filter-${name}`} name=${name} value=${value} onChange=${(e) => onFilter(name, e.target.value)}>
      <option value="">${all}</option>
      ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>
  </div>`;
  const ruleValue = rules && rules.length === 1 ? view.rule : '';
  return html`<${GovernanceNav} path=${loc.path} />
  <section class="findings-page">
    <h1 tabindex="-1">${title}</h1>
    <p class="lead">${t('governance.findings.intro')}</p>
    <fieldset class="filters">
      <legend>${t('inventory.filters.legend')}</legend>
      ${select('severity', t('governance.col.severity'), SEVERITIES.map((s) => ({ value: s, label: t(`governance.severity.${s}`) })), view.severity, t('inventory.filters.all'))}
      ${select('rule', t('governance.col.rule'), RULES.map((r) => ({ value: r, label: t(`governance.rule.${r}`) })), ruleValue, t('inventory.filters.all'))}
      ${select('unit_id', t('governance.findings.unit'), unitOptions, view.unit_id, t('inventory.filters.all'))}
      ${select('review_months', t('governance.findings.review_months'), REVIEW_CHOICES.map((m) => ({ value: m, label: t('governance.months', { count: Number(m) }) })), view.review_months === '12' ? '' : view.review_months, t('governance.months_default', { count: 12 }))}
      ${(view.rule || view.severity || view.unit_id || view.review_months) && html`<div class="filter filter-clear">
        <button type="button" class="secondary outline" onClick=${() => navigate('/governance/findings')}>${t('governance.findings.clear')}</button></div>`}
    </fieldset>
    ${body}
  </section>`;
}

/* ---------- retention ---------- */

const monthKey = (ymd) => ymd.slice(0, 7);

function monthLabel(key, style = 'long') {
  const d = new Date(`${key}-01T00:00:00Z`);
  return new Intl.DateTimeFormat(language(), { month: style, year: 'numeric', timeZone: 'UTC' }).format(d);
}

/* The months from TODAY's through MONTHS months later, as "YYYY-MM". */
function monthsAhead(today, months) {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7)) - 1;
  const out = [];
  for (let i = 0; i <= months; i++) {
    const total = y * 12 + m + i;
    out.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/* The schedule in groups: overdue first, then one per month with something due.
 * BARS: every month of the period (zeros too), for the chart. */
function groupSchedule(r) {
  const overdue = r.items.filter((i) => i.overdue);
  const groups = [];
  if (overdue.length) groups.push({ key: 'overdue', overdue: true, items: overdue });
  const byMonth = new Map();
  for (const i of r.items) {
    if (i.overdue) continue;
    const k = monthKey(i.due);
    if (!byMonth.has(k)) byMonth.set(k, []);
    byMonth.get(k).push(i);
  }
  for (const [key, items] of [...byMonth].sort((a, b) => a[0].localeCompare(b[0]))) groups.push({ key, overdue: false, items });
  const bars = [{ key: 'overdue', count: overdue.length }, ...monthsAhead(r.today, r.months).map((key) => ({ key, count: (byMonth.get(key) || []).length }))];
  return { groups, bars };
}

const groupId = (key) => `retention-${key}`;
const groupLabel = (key) => (key === 'overdue' ? t('governance.retention.overdue_group') : monthLabel(key));

function retentionOption(bars, pal, rtl) {
  const labels = bars.map((b) => (b.key === 'overdue' ? t('governance.retention.overdue_group') : monthLabel(b.key, 'short')));
  return {
    animation: !(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches),
    textStyle: { fontFamily: pal.font, color: pal.text },
    tooltip: {
      trigger: 'item', renderMode: 'richText', confine: true,
      formatter: (p) => t('governance.retention.tooltip', { month: labels[p.dataIndex], count: p.value }),
    },
    grid: { left: 44, right: 24, top: 24, bottom: 48, containLabel: true },
    xAxis: {
      type: 'category', data: labels, inverse: rtl, name: t('governance.retention.axis_month'),
      nameLocation: 'middle', nameGap: 34, nameTextStyle: { color: pal.muted },
      axisTick: { alignWithLabel: true }, axisLabel: { color: pal.text, hideOverlap: true },
    },
    yAxis: {
      type: 'value', minInterval: 1, position: rtl ? 'right' : 'left', name: t('governance.retention.axis_assets'),
      nameLocation: 'middle', nameGap: 32, nameTextStyle: { color: pal.muted }, axisLabel: { color: pal.muted },
    },
    series: [{
      type: 'bar', barMaxWidth: 36, cursor: 'pointer',
      data: bars.map((b) => ({ value: b.count, itemStyle: { color: b.key === 'overdue' ? pal.paper : pal.accent } })),
      label: { show: true, position: 'top', color: pal.text, formatter: (p) => (p.value ? formatNumber(p.value) : '') },
    }],
  };
}

/* Moves to the group of month KEY in the table below the chart. */
function showGroup(key) {
  const el = document.getElementById(groupId(key));
  if (!el) return;
  el.scrollIntoView({ block: 'start' });
  el.focus({ preventScroll: true });
}

async function loadRetention(months) {
  const [r, units] = await Promise.all([get(`/governance/retention${query({ months })}`), allUnits().catch(() => [])]);
  return { r, units: new Map(units.map((u) => [u.id, u])) };
}

export function RetentionPage({ loc }) {
  const title = t('governance.retention.title');
  useTitle(title);
  const months = MONTH_CHOICES.includes(loc.query.get('months')) ? loc.query.get('months') : '12';
  const { loading, data, error } = useAsync(() => loadRetention(months), [months]);
  const lang = language();
  const rtl = document.documentElement.dir === 'rtl';
  const sched = useMemo(() => (data ? groupSchedule(data.r) : null), [data]);
  const option = useMemo(() => (sched ? retentionOption(sched.bars, palette(), rtl) : null), [sched, rtl, lang]);

  let body;
  if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!data) body = html`<${Loading} />`;
  else {
    const { r, units } = data;
    const overdue = r.items.filter((i) => i.overdue).length;
    const onClick = (p) => { const b = sched.bars[p.dataIndex]; if (b && b.count) showGroup(b.key); };
    body = html`
      <p class="retention-summary" aria-live="polite">${r.total === 0
        ? t('governance.retention.none', { count: Number(months) })
        : t('governance.retention.summary', { count: r.total, months: Number(months), overdue })}</p>
      ${r.total > 0 && html`<article class="chart-card" id="retention-chart">
        <header>
          <h2 id="retention-chart-title">${t('governance.retention.chart_title')}</h2>
          <p class="muted">${t('governance.retention.chart_intro')}</p>
        </header>
        <${Chart} option=${option} onClick=${onClick} height=${300} />
        <table class="counts retention-counts" aria-labelledby="retention-chart-title">
          <thead><tr><th scope="col">${t('governance.retention.axis_month')}</th><th scope="col" class="num">${t('governance.retention.axis_assets')}</th></tr></thead>
          <tbody>${sched.bars.filter((b) => b.count > 0).map((b) => html`<tr class=${b.key === 'overdue' ? 'overdue' : ''}>
            <th scope="row">${groupLabel(b.key)}</th>
            <td class="num"><a href=${`#${groupId(b.key)}`} onClick=${(ev) => { ev.preventDefault(); showGroup(b.key); }}
              aria-label=${t('governance.retention.count_link', { count: b.count, month: groupLabel(b.key) })}>${formatNumber(b.count)}</a></td>
          </tr>`)}</tbody>
        </table>
      </article>`}
      ${r.total > 0 && html`<div class="table-wrap"><table class="retention-table" aria-busy=${loading ? 'true' : 'false'}>
        <caption class="visually-hidden">${t('governance.retention.caption', { count: Number(months) })}</caption>
        <thead><tr>
          <th scope="col">${t('governance.col.asset')}</th>
          <th scope="col">${t('asset.field.classification')}</th>
          <th scope="col">${t('asset.field.steward_unit_id')}</th>
          <th scope="col">${t('asset.field.retention')}</th>
          <th scope="col">${t('asset.field.due')}</th>
          <th scope="col">${t('asset.field.disposition')}</th>
        </tr></thead>
        ${sched.groups.map((g) => html`<tbody class=${g.overdue ? 'group overdue' : 'group'} data-group=${g.key}>
          <tr class="group-head"><th scope="colgroup" colspan="6" id=${groupId(g.key)} tabindex="-1">
            ${groupLabel(g.key)} <span class="muted">(${formatNumber(g.items.length)})</span></th></tr>
          ${g.items.map((i) => {
            const u = units.get(i.asset.steward_unit_id);
            return html`<tr data-asset=${i.asset.id}>
              <td><${AssetLink} asset=${i.asset} /></td>
              <td><${ClassificationBadge} value=${i.asset.classification} /></td>
              <td>${u ? html`<span class="code" title=${localized(u, 'name')}>${u.code}</span>` : orNone(null)}</td>
              <td>${t('governance.retention.rule', { count: i.retention_years, from: formatDate(i.retention_from), trigger: i.retention_trigger ? t(`asset.trigger.${i.retention_trigger}`) : '' })}</td>
              <td class="nowrap">${formatDate(i.due)}${i.overdue ? html` <span class="badge overdue-badge">${t('governance.retention.overdue')}</span>` : ''}</td>
              <td>${t(`asset.disposition.${i.disposition}`)}</td>
            </tr>`;
          })}
        </tbody>`)}
      </table></div>`}`;
  }
  return html`<${GovernanceNav} path=${loc.path} />
  <section class="retention-page">
    <h1 tabindex="-1">${title}</h1>
    <p class="lead">${t('governance.retention.intro')}</p>
    <div class="filter months-choice">
      <label for="retention-months">${t('governance.retention.months')}</label>
      <select id="retention-months" name="months" value=${months} onChange=${(e) => navigate(urlWith('/governance/retention', { months: e.target.value === '12' ? '' : e.target.value }))}>
        ${MONTH_CHOICES.map((m) => html`<option value=${m}>${t('governance.retention.next_months', { count: Number(m) })}</option>`)}
      </select>
    </div>
    ${body}
  </section>`;
}
