// pages/dashboard.js — the state of the inventory at a glance (a first step: totals
// from GET /api/v1/stats). Every count links to the inventory list that produced it.

import { html } from '/vendor/htm-preact.mjs';
import { t, formatNumber, localized } from '../i18n.js';
import { allUnits, get } from '../api.js';
import { urlWith } from '../router.js';
import { ErrorBox, Loading, NatureTag, StatusBadge, NATURES, STATUSES, useAsync, useTitle } from '../components.js';

async function loadDashboard() {
  const [stats, units] = await Promise.all([get('/stats'), allUnits()]);
  return { stats, units };
}

/* Counts by top-level unit, each including its sub-units at any depth, as the
 * inventory's unit filter counts them. */
function countsByTopUnit(stats, units) {
  const parent = new Map(units.map((u) => [u.id, u.parent_id]));
  const top = (id) => {
    let seen = 0;
    while (parent.get(id) !== null && parent.get(id) !== undefined && seen++ < 1000) id = parent.get(id);
    return id;
  };
  const sums = new Map();
  for (const row of stats.by_unit || []) {
    const root = top(row.unit_id);
    sums.set(root, (sums.get(root) || 0) + row.count);
  }
  return units.filter((u) => u.parent_id === null).map((u) => ({ unit: u, count: sums.get(u.id) || 0 }));
}

function CountList({ title, rows }) {
  return html`<article class="count-card">
    <header><h2>${title}</h2></header>
    <table class="counts">
      <tbody>
        ${rows.map((r) => html`<tr>
          <th scope="row">${r.label}</th>
          <td class="num"><a href=${r.href} aria-label=${t('dashboard.count_link', { count: r.count, what: r.text })}>${formatNumber(r.count)}</a></td>
        </tr>`)}
      </tbody>
    </table>
  </article>`;
}

export function DashboardPage() {
  useTitle(t('dashboard.title'));
  const { loading, data, error } = useAsync(loadDashboard, []);

  let body;
  if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (loading && !data) body = html`<${Loading} />`;
  else {
    const { stats, units } = data;
    const tot = stats.totals;
    const count = (list, v) => (list.find((r) => r.value === v) || { count: 0 }).count;
    if (tot.processes === 0) {
      body = html`<article class="empty">
        <h2>${t('dashboard.empty.title')}</h2>
        <p>${t('dashboard.empty.text')}</p>
        <p><code>dti import processes FILE.csv</code></p>
      </article>`;
    } else {
      body = html`
        <p class="totals">
          <a class="big-number" href="/processes">${formatNumber(tot.processes)}</a>
          <span>${t('dashboard.processes_total', { count: tot.processes })}</span>
        </p>
        <p class="muted">${t('dashboard.other_totals', { dependencies: tot.dependencies, units: tot.units, people: tot.people, goals: tot.goals })}</p>
        <div class="dashboard-grid">
          <${CountList} title=${t('dashboard.by_nature')} rows=${NATURES.map((n) => ({
            label: html`<${NatureTag} value=${n} />`, text: t(`nature.${n}`), count: count(stats.by_nature, n), href: urlWith('/processes', { nature: n }),
          }))} />
          <${CountList} title=${t('dashboard.by_status')} rows=${STATUSES.map((s) => ({
            label: html`<${StatusBadge} value=${s} />`, text: t(`status.${s}`), count: count(stats.by_status, s), href: urlWith('/processes', { status: s }),
          }))} />
          <${CountList} title=${t('dashboard.by_unit')} rows=${countsByTopUnit(stats, units).map((r) => ({
            label: html`<span><span class="code">${r.unit.code}</span> ${localized(r.unit, 'name')}</span>`, text: localized(r.unit, 'name'), count: r.count, href: urlWith('/processes', { unit_id: r.unit.id }),
          }))} />
        </div>`;
    }
  }
  return html`<section>
    <h1 tabindex="-1">${t('dashboard.title')}</h1>
    <p class="lead">${t('dashboard.intro')}</p>
    ${body}
  </section>`;
}
