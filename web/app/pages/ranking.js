// pages/ranking.js — /priorities: what to transform first, and why. The ranking of
// GET /api/v1/analysis/ranking (method WSM or TOPSIS, ?method=, paged by ?offset=),
// each row with its score, value and effort, how many criteria nobody scored, whether
// the assessors disagree, and a breakdown that opens under the row: each criterion's
// part of the score, the mean score and the number of assessors, and how far one
// weight would have to move for the next process to overtake it.

import { html, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, localized } from '../i18n.js';
import { get, query } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { ErrorBox, Loading, Pager, StatusBadge, useAsync, useTitle } from '../components.js';
import { Bar, NeedsCriteria, ProcessName, WeightSetNote, fmtPct, fmtScore, needsCriteria } from '../priorities.js';

const PAGE_SIZE = 50;
export const METHODS = ['wsm', 'topsis'];

/* The method chosen by ?method= (WSM unless TOPSIS). */
export function methodOf(q) {
  return METHODS.includes(q.get('method')) ? q.get('method') : 'wsm';
}

/* Two radio buttons, WSM and TOPSIS, that change ?method= of the page at PATH. */
export function MethodSwitch({ method, path, params }) {
  return html`<fieldset class="method-switch">
    <legend>${t('priorities.method')}</legend>
    ${METHODS.map((m) => html`<label title=${t(`priorities.method.${m}.hint`)}>
      <input type="radio" name="ranking-method" value=${m} checked=${method === m}
        onChange=${() => navigate(urlWith(path, { ...params, method: m === 'wsm' ? '' : m }))} />
      ${t(`priorities.method.${m}`)}
    </label>`)}
  </fieldset>`;
}

/* The sentence of swap_with_next: which weight would have to move how far for the
 * next process to overtake this one (NEXT: there is a next one). */
function SwapSentence({ swap, criteria, next, method }) {
  if (method !== 'wsm') return html`<p class="muted swap">${t('priorities.ranking.swap_wsm_only')}</p>`;
  if (!next) return null;
  if (!swap) return html`<p class="swap">${t('priorities.ranking.swap_none')}</p>`;
  const c = criteria.find((x) => x.code === swap.criterion);
  return html`<p class="swap">${t('priorities.ranking.swap', {
    criterion: c ? localized(c, 'name') : swap.criterion, from: fmtPct(swap.from_weight), to: fmtPct(swap.to_weight), code: swap.with,
  })}</p>`;
}

/* The "why" of one ranked process: each criterion's part of its score. */
function Breakdown({ item, criteria, method, next }) {
  const byCode = new Map(criteria.map((c) => [c.code, c]));
  // WSM: a part can reach the criterion's weight; TOPSIS: the best value among all.
  const maxOf = (c) => (method === 'wsm' ? c.weight : Math.max(c.ideal_best || 0, c.ideal_worst || 0));
  return html`<div class="breakdown">
    <table class="breakdown-table">
      <caption class="visually-hidden">${t('priorities.ranking.why_caption', { code: item.process.code })}</caption>
      <thead><tr>
        <th scope="col">${t('priorities.criterion')}</th>
        <th scope="col">${t(method === 'wsm' ? 'priorities.ranking.part' : 'priorities.ranking.part_topsis')}</th>
        <th scope="col" class="num">${t('priorities.ranking.mean')}</th>
        <th scope="col" class="num">${t('priorities.ranking.assessors')}</th>
        <th scope="col" class="num">${t('priorities.ranking.spread')}</th>
      </tr></thead>
      <tbody>${item.breakdown.map((b) => {
        const c = byCode.get(b.criterion) || { code: b.criterion, name: b.criterion, direction: 'benefit', weight: 0 };
        return html`<tr data-criterion=${b.criterion}>
          <th scope="row"><span class="criterion-name">${localized(c, 'name')}</span>
            <span class=${`direction direction-${c.direction}`}>${t(`criteria.direction.${c.direction}`)}</span></th>
          <td class="part-cell">
            <${Bar} value=${b.part} max=${maxOf(c)} cls=${c.direction === 'cost' ? 'bar-cost' : 'bar-benefit'} />
            <span class="num part">${method === 'wsm'
              ? t('priorities.ranking.part_of', { part: fmtScore(b.part), max: fmtScore(c.weight) })
              : formatNumber(b.part, { maximumFractionDigits: 3 })}</span>
          </td>
          <td class="num">${b.n > 0 ? formatNumber(b.mean, { minimumFractionDigits: 1, maximumFractionDigits: 1 })
            : html`<span class="muted" title=${t('priorities.ranking.midpoint_hint')}>${t('priorities.ranking.midpoint')}</span>`}</td>
          <td class="num">${formatNumber(b.n)}</td>
          <td class="num">${b.spread >= 2
            ? html`<span class="badge spread-warning" title=${t('priorities.ranking.spread_hint')}>${formatNumber(b.spread)}</span>`
            : formatNumber(b.spread)}</td>
        </tr>`;
      })}</tbody>
    </table>
    <${SwapSentence} swap=${item.swap_with_next} criteria=${criteria} next=${next} method=${method} />
    <p><a href=${`/processes/${item.process.id}?tab=assessments`}>${t('priorities.ranking.open_assessments', { code: item.process.code })}</a></p>
  </div>`;
}

/* The badges of a row: criteria nobody scored, assessors who disagree. */
export function RowFlags({ item }) {
  const disputed = item.breakdown.filter((b) => b.spread >= 2).map((b) => b.criterion);
  return html`${item.missing > 0 && html`<span class="badge missing-badge" title=${t('priorities.ranking.missing_hint')}>${t('priorities.ranking.missing', { count: item.missing })}</span>`}
    ${disputed.length > 0 && html` <span class="badge spread-warning" title=${t('priorities.ranking.disputed_hint', { criteria: disputed.join(', ') })}>
      <span aria-hidden="true">⚠ </span>${t('priorities.ranking.disputed', { count: disputed.length })}</span>`}
    ${item.missing === 0 && disputed.length === 0 && html`<span class="muted">${t('common.none')}</span>`}`;
}

export function RankingPage({ loc }) {
  const method = methodOf(loc.query);
  const off = Number.parseInt(loc.query.get('offset') || '', 10);
  const offset = Number.isFinite(off) && off > 0 ? off : 0;
  const title = t('priorities.ranking.title');
  useTitle(title);
  const apiQuery = query({ method, limit: PAGE_SIZE, offset });
  const { loading, data, error } = useAsync(() => get(`/analysis/ranking${apiQuery}`), [apiQuery]);
  const [open, setOpen] = useState(() => new Set());
  const toggle = (id) => setOpen((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id); else n.add(id);
    return n;
  });
  const go = (o) => navigate(urlWith('/priorities', { method: method === 'wsm' ? '' : method, offset: o || '' }));

  let body;
  if (needsCriteria(error)) body = html`<${NeedsCriteria} error=${error} />`;
  else if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!data) body = html`<${Loading} />`;
  else if (data.criteria.length === 0) body = html`<${NeedsCriteria} />`;
  else if (data.total === 0) {
    body = html`<article class="empty"><h2>${t('priorities.empty.assessed.title')}</h2>
      <p>${t('priorities.empty.assessed.text')}</p>
      <p><a href="/processes" role="button">${t('priorities.empty.assessed.action')}</a></p></article>`;
  } else {
    const items = data.items;
    const from = data.total === 0 ? 0 : offset + 1;
    const to = Math.min(offset + items.length, data.total);
    body = html`
      <${WeightSetNote} id=${data.weight_set_id} />
      <p id="ranking-range" class="range" aria-live="polite" dir="auto">${t('inventory.range', { from, to, total: data.total })}</p>
      <div class="table-wrap">
        <table class="striped ranking" aria-busy=${loading ? 'true' : 'false'} aria-describedby="ranking-range">
          <caption class="visually-hidden">${title}</caption>
          <thead><tr>
            <th scope="col" class="num">${t('priorities.col.rank')}</th>
            <th scope="col">${t('priorities.col.process')}</th>
            <th scope="col">${t('field.status')}</th>
            <th scope="col" class="num">${t('priorities.col.score')}</th>
            <th scope="col" class="num">${t('priorities.col.value')}</th>
            <th scope="col" class="num">${t('priorities.col.effort')}</th>
            <th scope="col">${t('priorities.col.flags')}</th>
            <th scope="col"><span class="visually-hidden">${t('priorities.ranking.why')}</span></th>
          </tr></thead>
          <tbody>${items.map((it, i) => {
            const id = it.process.id;
            const isOpen = open.has(id);
            const next = it.rank < data.total;
            return html`
              <tr key=${id} data-id=${id} class=${isOpen ? 'open' : ''}>
                <td class="num rank">${formatNumber(it.rank)}</td>
                <td><${ProcessName} p=${it.process} /></td>
                <td><${StatusBadge} value=${it.process.status} /></td>
                <td class="num"><strong>${fmtScore(it.score)}</strong></td>
                <td class="num">${fmtScore(it.value)}</td>
                <td class="num">${fmtScore(it.effort)}</td>
                <td><${RowFlags} item=${it} /></td>
                <td class="actions"><button type="button" class="secondary outline small why-button" aria-expanded=${isOpen ? 'true' : 'false'}
                  aria-controls=${`why-${id}`} onClick=${() => toggle(id)}>${t(isOpen ? 'priorities.ranking.hide' : 'priorities.ranking.why')}<span
                  class="visually-hidden"> ${it.process.code}</span></button></td>
              </tr>
              ${isOpen && html`<tr key=${`why-${id}`} class="why-row" id=${`why-${id}`}>
                <td colspan="8"><${Breakdown} item=${it} criteria=${data.criteria} method=${data.method} next=${next} /></td>
              </tr>`}`;
          })}</tbody>
        </table>
      </div>
      <${Pager} offset=${offset} pageSize=${PAGE_SIZE} total=${data.total} from=${from} to=${to} onGo=${go} />`;
  }

  return html`<section class="priorities-page ranking-page">
    <h1 tabindex="-1">${title}</h1>
    <p class="lead">${t('priorities.ranking.intro')}</p>
    <div class="toolbar">
      <${MethodSwitch} method=${method} path="/priorities" params=${{}} />
    </div>
    <p class="muted method-hint">${t(`priorities.method.${method}.hint`)}</p>
    ${body}
  </section>`;
}
