// pages/analyses.js — the dependency analyses as lists (Dependencies area): clusters
// (processes to transform together), waves (the order of transformation), hubs (the
// processes most others pass through) and checks (what contradicts the windows, the
// hierarchy or has no owner). Each process links to its page; /analyses?tab=waves.

import { html } from '/vendor/htm-preact.mjs';
import { t, formatNumber } from '../i18n.js';
import { get, query } from '../api.js';
import { urlWith } from '../router.js';
import { ErrorBox, Loading, useAsync, useTitle } from '../components.js';

const TABS = ['clusters', 'waves', 'hubs', 'checks'];

function ProcessLinks({ list, count }) {
  return html`<span class="process-links">${list.map((p, i) => html`${i ? ', ' : ''}<a href=${`/processes/${p.id}`}
    class="code" title=${p.name}>${p.code}</a>${p.cluster_size > 1 ? '*' : ''}`)}${count > list.length
    ? html` <span class="muted">${t('analyses.and_more', { count: count - list.length })}</span>` : ''}</span>`;
}

function Clusters({ data }) {
  if (!data.items.length) return html`<p class="empty">${t('analyses.clusters.none')}</p>`;
  return html`<div class="table-wrap"><table class="striped analyses-clusters">
    <caption class="visually-hidden">${t('analyses.tab.clusters')}</caption>
    <thead><tr><th scope="col" class="num">${t('analyses.col.size')}</th><th scope="col" class="num">${t('analyses.col.wave')}</th>
      <th scope="col">${t('analyses.col.processes')}</th></tr></thead>
    <tbody>${data.items.map((c) => html`<tr>
      <td class="num">${formatNumber(c.size)}</td><td class="num">${c.wave}</td>
      <td><${ProcessLinks} list=${c.processes} count=${c.size} /></td></tr>`)}</tbody>
  </table></div>`;
}

function Waves({ data }) {
  return html`<p class="muted">${t('analyses.waves.star')}</p>
    <div class="table-wrap"><table class="striped analyses-waves">
    <caption class="visually-hidden">${t('analyses.tab.waves')}</caption>
    <thead><tr><th scope="col" class="num">${t('analyses.col.wave')}</th><th scope="col" class="num">${t('analyses.col.count')}</th>
      <th scope="col">${t('analyses.col.processes')}</th></tr></thead>
    <tbody>${data.items.map((w) => html`<tr>
      <td class="num">${w.wave}</td><td class="num">${formatNumber(w.count)}</td>
      <td><${ProcessLinks} list=${w.processes} count=${w.count} /></td></tr>`)}</tbody>
  </table></div>`;
}

function Hubs({ data }) {
  return html`<p class="muted">${t(data.exact ? 'analyses.hubs.exact' : 'analyses.hubs.sampled', { samples: formatNumber(data.samples) })}</p>
    <div class="table-wrap"><table class="striped analyses-hubs">
    <caption class="visually-hidden">${t('analyses.tab.hubs')}</caption>
    <thead><tr><th scope="col">${t('dependency.process')}</th><th scope="col" class="num">${t('analyses.col.betweenness')}</th>
      <th scope="col" class="num">${t('analyses.col.in')}</th><th scope="col" class="num">${t('analyses.col.out')}</th></tr></thead>
    <tbody>${data.items.map((h) => html`<tr data-id=${h.id}>
      <td><a href=${`/processes/${h.id}`}><span class="code">${h.code}</span> ${h.name}</a></td>
      <td class="num">${formatNumber(h.betweenness, { maximumFractionDigits: 1 })}</td>
      <td class="num">${h.in}</td><td class="num">${h.out}</td></tr>`)}</tbody>
  </table></div>`;
}

function Checks({ data }) {
  return html`<ul class="check-counts">${data.by_rule.map((r) => html`<li>
      <span class=${`badge severity-${r.severity}`}>${t(`analyses.severity.${r.severity}`)}</span>
      ${t(`analyses.rule.${r.rule}`)}: <strong>${formatNumber(r.count)}</strong></li>`)}</ul>
    ${data.items.length === 0 ? html`<p class="empty">${t('analyses.checks.none')}</p>` : html`<div class="table-wrap"><table class="striped analyses-checks">
      <caption class="visually-hidden">${t('analyses.tab.checks')}</caption>
      <thead><tr><th scope="col">${t('analyses.col.severity')}</th><th scope="col">${t('dependency.process')}</th>
        <th scope="col">${t('analyses.col.finding')}</th><th scope="col">${t('analyses.col.fix')}</th></tr></thead>
      <tbody>${data.items.map((f) => html`<tr data-rule=${f.rule}>
        <td><span class=${`badge severity-${f.severity}`}>${t(`analyses.severity.${f.severity}`)}</span></td>
        <td><a href=${`/processes/${f.process_id}`} class="code">${f.code}</a></td>
        <td dir="auto">${t(`analyses.finding.${f.rule}`, { other: f.other_code || '' })}</td>
        <td><a href=${`/processes/${f.rule === 'window' || f.rule === 'hierarchy' ? `${f.process_id}?tab=dependencies` : f.process_id}`}>${t(`analyses.fix.${f.rule}`)}</a></td>
      </tr>`)}</tbody>
    </table></div>`}`;
}

const VIEWS = { clusters: Clusters, waves: Waves, hubs: Hubs, checks: Checks };
const LOADS = {
  clusters: () => get(`/analysis/clusters${query({ limit: 50 })}`),
  waves: () => get(`/analysis/waves${query({ limit: 60 })}`),
  hubs: () => get(`/analysis/hubs${query({ limit: 30 })}`),
  checks: () => get(`/analysis/checks${query({ limit: 500 })}`),
};

export function AnalysesPage({ loc }) {
  const tab = TABS.includes(loc.query.get('tab')) ? loc.query.get('tab') : 'clusters';
  useTitle(t(`analyses.tab.${tab}`));
  // the answer carries its tab, so a view never draws another tab's data
  const { data: got, error } = useAsync(() => LOADS[tab]().then((d) => ({ tab, d })), [tab]);
  const data = got && got.tab === tab ? got.d : null;
  const View = VIEWS[tab];
  return html`<section class="analyses-page">
    <h1 tabindex="-1">${t('analyses.title')}</h1>
    <p class="lead">${t(`analyses.${tab}.intro`)}</p>
    <nav class="tabs" aria-label=${t('analyses.tabs')}>
      <ul>${TABS.map((k) => html`<li><a href=${urlWith('/analyses', { tab: k === 'clusters' ? '' : k })}
        aria-current=${tab === k ? 'page' : undefined}>${t(`analyses.tab.${k}`)}</a></li>`)}</ul>
    </nav>
    ${error ? html`<${ErrorBox} error=${error} />` : !data ? html`<${Loading} />` : html`<${View} data=${data} />`}
  </section>`;
}
