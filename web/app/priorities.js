// priorities.js — pieces the Priorities pages share (ranking, matrix, quick wins,
// portfolio, criteria, pairwise comparison, KPIs, and the process's assessments and
// targets tabs): number formats, the sentence naming the weight set behind a result,
// the KPI status badge, a process link, a horizontal bar, the criteria in their order.

import { html, useEffect, useRef } from '/vendor/htm-preact.mjs';
import { t, formatNumber, formatDate, formatDateTime, localized } from './i18n.js';
import { currentSession, get, lookup } from './api.js';
import { useAsync } from './components.js';

/* A score, value or effort on the 0–1 scale, with two decimals. */
export function fmtScore(v) {
  if (v === null || v === undefined) return t('common.none');
  return formatNumber(v, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/* A share (0–1) as a percentage with at most one decimal. */
export function fmtPct(v, digits = 1) {
  if (v === null || v === undefined) return t('common.none');
  return formatNumber(v, { style: 'percent', maximumFractionDigits: digits });
}

/* An amount of Swiss francs, whole. */
export function fmtChf(v) {
  if (v === null || v === undefined) return t('common.none');
  return formatNumber(v, { style: 'currency', currency: 'CHF', maximumFractionDigits: 0 });
}

/* A number with at most DIGITS decimals. */
export function fmtNum(v, digits = 1) {
  if (v === null || v === undefined) return t('common.none');
  return formatNumber(v, { maximumFractionDigits: digits });
}

/* The value points of a portfolio (ranking score × 100), one decimal. */
export function fmtPoints(v) {
  return formatNumber(v || 0, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/* Whether the role may change the criteria and their weights: admins and analysts. */
export function mayWriteCriteria() {
  const s = currentSession();
  const r = s && s.user ? s.user.role : '';
  return r === 'admin' || r === 'analyst';
}

/* Every live criterion, in display order (position, then code). */
export async function allCriteria() {
  const r = await get('/criteria?limit=1000&sort=position,code');
  return r.items;
}

/* A link to the page of process P ({id, code, name, name_zh}), with TAB. */
export function ProcessName({ p, tab }) {
  if (!p) return html`<span class="muted">${t('common.none')}</span>`;
  const href = tab ? `/processes/${p.id}?tab=${tab}` : `/processes/${p.id}`;
  return html`<a href=${href} class="process-name"><span class="code">${p.code}</span> ${localized(p, 'name')}</a>`;
}

/* Links to the processes with IDS (their codes looked up), separated by commas. */
export function ProcessIdLinks({ ids }) {
  const list = (Array.isArray(ids) ? ids : [ids]).filter((x) => x !== null && x !== undefined);
  const { data } = useAsync(() => Promise.all(list.map((id) => lookup('processes', id).catch(() => null))), [list.join(',')]);
  return html`<span class="process-links">${list.map((id, i) => {
    const p = data && data[i];
    return html`${i ? ', ' : ''}<a href=${`/processes/${id}`} class="code" title=${p ? localized(p, 'name') : ''}>${p ? p.code : `#${id}`}</a>`;
  })}</span>`;
}

export const KPI_STATUSES = ['on_track', 'at_risk', 'off_track', 'achieved', 'no_data'];

/* A KPI's status: the word on its colour (never the colour alone). */
export function KpiBadge({ status }) {
  return html`<span class=${`badge kpi-status kpi-${status}`} data-status=${status}>${t(`kpi.status.${status}`)}</span>`;
}

/* "Weight set 4, pairwise comparison (AHP), 27 Nov 2026, by analyst@…": which weights
 * produced a ranking, a quick-win list or a portfolio, linking to the criteria page. */
export function WeightSetNote({ id }) {
  const { data } = useAsync(() => (id ? get(`/criteria/weights/${id}`).catch(() => null) : Promise.resolve(null)), [id]);
  if (!id) return html`<p class="weight-set-note muted">${t('priorities.weight_set.none')}</p>`;
  const text = data ? t('priorities.weight_set.text', {
    id, method: t(`priorities.weight_set.method.${data.method}`), when: formatDateTime(data.created_at), actor: data.actor || t('process.history.system'),
  }) : t('priorities.weight_set.short', { id });
  return html`<p class="weight-set-note muted">${t('priorities.weight_set.produced_by')} <a href="/priorities/criteria#weight-history">${text}</a></p>`;
}

/* Whether ERROR is the analyses' refusal to rank without usable weights (422 on
 * "weights": no criteria yet, or every weight 0). */
export function needsCriteria(error) {
  return !!error && error.status === 422 && Array.isArray(error.errors) && error.errors.some((e) => e && e.field === 'weights');
}

/* What a ranking, matrix, quick-win list or portfolio shows until the criteria can
 * weigh anything: what is missing and the way to the criteria page. */
export function NeedsCriteria({ error }) {
  return html`<article class="empty needs-criteria"><h2>${t('priorities.empty.criteria.title')}</h2>
    <p>${t('priorities.empty.criteria.text')}</p>
    ${error && error.detail && html`<p class="muted"><small>${error.detail}</small></p>`}
    <p><a href="/priorities/criteria" role="button">${t('priorities.empty.criteria.action')}</a></p></article>`;
}

/* A horizontal bar of VALUE out of MAX (0 when MAX is 0); its width is set through the
 * CSSOM, which the Content-Security-Policy allows (a style attribute it would not).
 * The number beside it says the same: the bar is hidden from assistive technology. */
export function Bar({ value, max, cls }) {
  const ref = useRef(null);
  const share = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  useEffect(() => { if (ref.current) ref.current.style.width = `${(share * 100).toFixed(2)}%`; }, [share]);
  return html`<span class=${`bar ${cls || ''}`} aria-hidden="true"><span class="bar-fill" ref=${ref}></span></span>`;
}

/* The two ends of a date range as the user reads them. */
export function fmtDate(ymd) { return ymd ? formatDate(ymd) : t('common.none'); }
