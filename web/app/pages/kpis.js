// pages/kpis.js — /priorities/kpis: every KPI with its status (GET
// /api/v1/analysis/kpis), filterable by status (?status=, what the dashboard's KPI
// numbers link to): the process it measures, the latest value against the target,
// the due date and where the trend points at the due date.

import { html } from '/vendor/htm-preact.mjs';
import { t, formatNumber, localized } from '../i18n.js';
import { get, lookup } from '../api.js';
import { urlWith } from '../router.js';
import { ErrorBox, Loading, useAsync, useTitle } from '../components.js';
import { KPI_STATUSES, KpiBadge, ProcessName, fmtDate } from '../priorities.js';

async function loadKpis() {
  const r = await get('/analysis/kpis');
  const ids = [...new Set(r.items.map((k) => k.process_id))];
  const procs = await Promise.all(ids.map((id) => lookup('processes', id).catch(() => null)));
  return { r, processById: new Map(ids.map((id, i) => [id, procs[i]])) };
}

/* A KPI value with its unit of measure. */
export function kpiValue(v, unit) {
  if (v === null || v === undefined) return t('common.none');
  return t('kpi.value_unit', { value: formatNumber(v, { maximumFractionDigits: 2 }), unit });
}

export function KpisPage({ loc }) {
  const status = KPI_STATUSES.includes(loc.query.get('status')) ? loc.query.get('status') : '';
  const title = t('kpi.list.title');
  useTitle(title);
  const { data, error } = useAsync(loadKpis, []);
  let body;
  if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!data) body = html`<${Loading} />`;
  else if (data.r.total === 0) {
    body = html`<article class="empty"><h2>${t('kpi.list.empty.title')}</h2><p>${t('kpi.list.empty.text')}</p>
      <p><a href="/processes" role="button">${t('priorities.empty.assessed.action')}</a></p></article>`;
  } else {
    const items = data.r.items.filter((k) => !status || k.status === status);
    const count = (s) => (data.r.by_status && data.r.by_status[s]) || 0;
    body = html`
      <ul class="kpi-status-counts" aria-label=${t('kpi.list.filter')}>
        <li><a href=${urlWith('/priorities/kpis', {})} aria-current=${status ? undefined : 'true'}>${t('kpi.list.all', { count: data.r.total })}</a></li>
        ${KPI_STATUSES.map((s) => html`<li><a href=${urlWith('/priorities/kpis', { status: s })} aria-current=${status === s ? 'true' : undefined}
          data-status=${s}><${KpiBadge} status=${s} /> ${formatNumber(count(s))}</a></li>`)}
      </ul>
      <p id="kpi-range" class="range" aria-live="polite">${t('kpi.list.range', { count: items.length, total: data.r.total })}</p>
      ${items.length === 0 ? html`<p class="empty">${t('kpi.list.none_with_status')}</p>` : html`<div class="table-wrap">
        <table class="striped kpi-list" aria-describedby="kpi-range">
          <caption class="visually-hidden">${title}</caption>
          <thead><tr>
            <th scope="col">${t('kpi.col.kpi')}</th>
            <th scope="col">${t('priorities.col.process')}</th>
            <th scope="col">${t('kpi.col.status')}</th>
            <th scope="col" class="num">${t('kpi.col.baseline')}</th>
            <th scope="col" class="num">${t('kpi.col.latest')}</th>
            <th scope="col" class="num">${t('kpi.col.target')}</th>
            <th scope="col" class="num">${t('kpi.col.projected')}</th>
            <th scope="col">${t('kpi.col.due')}</th>
          </tr></thead>
          <tbody>${items.map((k) => html`<tr key=${k.id} data-id=${k.id} data-status=${k.status}>
            <td><a href=${`/processes/${k.process_id}?tab=targets`}><span class="code">${k.code}</span> ${localized(k, 'name')}</a></td>
            <td><${ProcessName} p=${data.processById.get(k.process_id)} /></td>
            <td><${KpiBadge} status=${k.status} /></td>
            <td class="num">${kpiValue(k.baseline, k.unit_of_measure)}</td>
            <td class="num">${kpiValue(k.latest, k.unit_of_measure)}</td>
            <td class="num">${kpiValue(k.target, k.unit_of_measure)}</td>
            <td class="num">${k.projected === null ? t('common.none') : kpiValue(k.projected, k.unit_of_measure)}</td>
            <td class="nowrap">${fmtDate(k.due_date)}</td>
          </tr>`)}</tbody>
        </table></div>`}`;
  }
  return html`<section class="priorities-page kpis-page">
    <h1 tabindex="-1">${title}</h1>
    <p class="lead">${t('kpi.list.intro')}</p>
    ${body}
  </section>`;
}

