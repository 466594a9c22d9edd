// pages/portfolio.js — /priorities/portfolio: which processes to transform in a period
// for the most value within a budget and the staff hours available. The limits live in
// the address (?budget=&hours=&period=&min_strength=), so a plan can be sent to a
// colleague; "Compute" solves it (POST /api/v1/analysis/portfolio, which writes
// nothing). The reply is shown as the processes chosen in order of work, the totals
// against the limits, what each constraint costs in value, the candidates left out
// and the processes that could not be candidates, each with its reason in words.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber } from '../i18n.js';
import { api } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { useTitle } from '../components.js';
import { Field, errorText, fieldErrors, mayWriteProcess } from '../forms.js';
import { Bar, NeedsCriteria, ProcessIdLinks, ProcessName, WeightSetNote, fmtChf, fmtDate, fmtNum, fmtPoints, needsCriteria } from '../priorities.js';

const PARAMS = ['budget', 'hours', 'period', 'min_strength'];
const CONSTRAINTS = ['budget', 'hours', 'clusters', 'prerequisites'];
const STATES = ['no_estimate', 'outside_period', 'blocked', 'under_way'];

/* Periods offered in the period field (any other is typed). */
function periodChoices() {
  const y = new Date().getFullYear();
  const out = [];
  for (const year of [y, y + 1, y + 2]) {
    out.push(String(year), `${year}-H1`, `${year}-H2`);
    for (const q of [1, 2, 3, 4]) out.push(`${year}-Q${q}`);
  }
  return out;
}

function paramsOf(q) {
  const out = {};
  for (const k of PARAMS) out[k] = q.get(k) || '';
  return out;
}

/* A typed number as the API's number; what does not parse goes as typed (the server
 * names the problem). */
function num(s) {
  const x = String(s).trim().replace(/[\s'’,]/g, '');
  return /^-?\d+(\.\d+)?$/.test(x) ? Number(x) : String(s).trim();
}

function requestOf(p) {
  const body = { min_strength: Number(p.min_strength || 2) };
  if (p.budget.trim()) body.budget = num(p.budget);
  if (p.hours.trim()) body.hours = num(p.hours);
  if (p.period.trim()) body.period = p.period.trim();
  return body;
}

const label = (name) => t(`priorities.portfolio.field.${name}`);

function LimitsForm({ values, setValues, errors, busy, onSubmit }) {
  const set = (k) => (ev) => setValues((v) => ({ ...v, [k]: ev.target.value }));
  const input = (name, inputmode) => ({ id, invalid, describedBy }) => html`<input id=${id} name=${name} type="text"
    inputmode=${inputmode} value=${values[name]} aria-invalid=${invalid} aria-describedby=${describedBy} onInput=${set(name)} />`;
  return html`<form class="portfolio-form" novalidate onSubmit=${onSubmit} aria-label=${t('priorities.portfolio.form')}>
    <div class="form-grid">
      <${Field} name="budget" prefix="pf" label=${label('budget')} error=${errors.budget} hint=${t('priorities.portfolio.hint.budget')}
        control=${input('budget', 'decimal')} />
      <${Field} name="hours" prefix="pf" label=${label('hours')} error=${errors.hours} hint=${t('priorities.portfolio.hint.hours')}
        control=${input('hours', 'decimal')} />
      <${Field} name="period" prefix="pf" label=${label('period')} error=${errors.period} hint=${t('priorities.portfolio.hint.period')}
        control=${({ id, invalid, describedBy }) => html`<input id=${id} name="period" type="text" list="pf-periods" autocomplete="off"
          value=${values.period} aria-invalid=${invalid} aria-describedby=${describedBy} onInput=${set('period')} />
          <datalist id="pf-periods">${periodChoices().map((p) => html`<option value=${p}></option>`)}</datalist>`} />
      <${Field} name="min_strength" prefix="pf" label=${label('min_strength')} error=${errors.min_strength}
        hint=${t('priorities.portfolio.hint.min_strength')}
        control=${({ id, invalid, describedBy }) => html`<select id=${id} value=${values.min_strength || '2'} aria-invalid=${invalid}
          aria-describedby=${describedBy} onChange=${set('min_strength')}>
          ${[1, 2, 3].map((n) => html`<option value=${String(n)}>${t(`priorities.portfolio.strength.${n}`)}</option>`)}
        </select>`} />
    </div>
    <div class="form-actions">
      <button type="submit" aria-busy=${busy ? 'true' : 'false'} disabled=${busy}>${t(busy ? 'priorities.portfolio.solving' : 'priorities.portfolio.compute')}</button>
      <span class="muted">${t('priorities.portfolio.writes_nothing')}</span>
    </div>
  </form>`;
}

/* "Budget used: CHF 485,000 of CHF 500,000" with a bar. */
function UsedLine({ what, used, limit, fmt }) {
  return html`<div class="used-line" data-limit=${what}>
    <span class="used-label">${t(`priorities.portfolio.used.${what}`)}</span>
    ${limit === null || limit === undefined
      ? html`<span>${t('priorities.portfolio.used_unlimited', { used: fmt(used) })}</span>`
      : html`<${Bar} value=${used} max=${limit} cls="bar-used" />
        <span class="num">${t('priorities.portfolio.used_of', { used: fmt(used), limit: fmt(limit), share: limit > 0 ? formatNumber(used / limit, { style: 'percent', maximumFractionDigits: 0 }) : '—' })}</span>`}
  </div>`;
}

function ConstraintSentence({ c, reply }) {
  const params = { points: fmtPoints(c.costs), without: fmtPoints(c.value_without), value: fmtPoints(reply.totals.value) };
  const unlimited = (c.name === 'budget' && reply.budget === null) || (c.name === 'hours' && reply.hours === null);
  if (unlimited) return t(`priorities.portfolio.constraint.${c.name}.unlimited`);
  if (c.costs <= 0.0005) return t(`priorities.portfolio.constraint.${c.name}.free`);
  return t(`priorities.portfolio.constraint.${c.name}.costs`, params);
}

/* Why a process could not be a candidate, in words, with what to do. */
function ExcludedReason({ e }) {
  switch (e.state) {
    case 'no_estimate': {
      const missing = [e.cost === null ? t('priorities.portfolio.missing.cost') : '', e.hours === null ? t('priorities.portfolio.missing.hours') : ''].filter(Boolean).join(t('priorities.portfolio.missing.and'));
      return html`${t('priorities.portfolio.state.no_estimate', { missing })}
        ${mayWriteProcess(e.process) && html` <a href=${`/processes/${e.process.id}?edit=1`}>${t('priorities.portfolio.add_estimate')}</a>`}`;
    }
    case 'blocked':
      return html`${t('priorities.portfolio.state.blocked')} <${ProcessIdLinks} ids=${e.blocked_by} />`;
    default:
      return t(`priorities.portfolio.state.${e.state}`);
  }
}

/* Why nothing was chosen. */
function NothingChosen({ reply }) {
  const left = reply.left_out || [];
  if (reply.totals.candidates === 0) return html`<p class="empty nothing-chosen">${t('priorities.portfolio.nothing.no_candidates')}</p>`;
  const minCost = Math.min(...left.map((l) => l.cost ?? Infinity));
  const minHours = Math.min(...left.map((l) => l.hours ?? Infinity));
  const parts = [];
  if (reply.budget !== null && Number.isFinite(minCost) && minCost > reply.budget) {
    parts.push(t('priorities.portfolio.nothing.budget', { budget: fmtChf(reply.budget), cheapest: fmtChf(minCost) }));
  }
  if (reply.hours !== null && Number.isFinite(minHours) && minHours > reply.hours) {
    parts.push(t('priorities.portfolio.nothing.hours', { hours: fmtNum(reply.hours, 0), least: fmtNum(minHours, 0) }));
  }
  if (parts.length === 0) parts.push(t('priorities.portfolio.nothing.other'));
  return html`<div class="empty nothing-chosen" role="status"><p><strong>${t('priorities.portfolio.nothing.title')}</strong></p>
    ${parts.map((p) => html`<p>${p}</p>`)}</div>`;
}

function CandidateTable({ id, caption, rows, withWave, total }) {
  return html`<div class="table-wrap"><table class=${`striped portfolio-table ${id}`} aria-labelledby=${`${id}-title`}>
    <thead><tr>
      ${withWave && html`<th scope="col" class="num">${t('priorities.portfolio.col.order')}</th>`}
      ${withWave && html`<th scope="col" class="num">${t('priorities.portfolio.col.wave')}</th>`}
      <th scope="col" class="num">${t('priorities.col.rank')}</th>
      <th scope="col">${t('priorities.col.process')}</th>
      <th scope="col" class="num">${t('priorities.portfolio.col.value')}</th>
      <th scope="col" class="num">${t('priorities.portfolio.col.cost')}</th>
      <th scope="col" class="num">${t('priorities.portfolio.col.hours')}</th>
    </tr></thead>
    <tbody>${rows.map((s, i) => html`<tr key=${s.process.id} data-id=${s.process.id}>
      ${withWave && html`<td class="num">${formatNumber(i + 1)}</td>`}
      ${withWave && html`<td class="num">${formatNumber(s.wave)}${s.cluster_size > 1 ? html` <span class="badge cluster-badge" title=${t('priorities.portfolio.cluster_hint', { count: s.cluster_size })}>${t('priorities.portfolio.cluster', { count: s.cluster_size })}</span>` : ''}</td>`}
      <td class="num">${formatNumber(s.rank)}</td>
      <td><${ProcessName} p=${s.process} /></td>
      <td class="num">${fmtPoints(s.value)}</td>
      <td class="num">${fmtChf(s.cost)}</td>
      <td class="num">${fmtNum(s.hours, 0)}</td>
    </tr>`)}</tbody>
    ${withWave && rows.length > 1 && html`<tfoot><tr>
      <th scope="row" colspan="4">${t('priorities.portfolio.total')}</th>
      <td class="num">${fmtPoints(rows.reduce((a, s) => a + s.value, 0))}</td>
      <td class="num">${fmtChf(rows.reduce((a, s) => a + (s.cost || 0), 0))}</td>
      <td class="num">${fmtNum(rows.reduce((a, s) => a + (s.hours || 0), 0), 0)}</td>
    </tr></tfoot>`}
  </table></div>
  ${total > rows.length && html`<p class="muted">${t('priorities.portfolio.more', { shown: rows.length, total })}</p>`}`;
}

const byRank = (list) => [...(list || [])].sort((a, b) => a.rank - b.rank);

function Result({ reply }) {
  const tot = reply.totals;
  const groups = STATES.map((s) => ({ state: s, rows: byRank((reply.excluded || []).filter((e) => e.state === s)) })).filter((g) => g.rows.length);
  return html`<div class="portfolio-result" data-status=${reply.status}>
    <${WeightSetNote} id=${reply.weight_set_id} />
    <div class="portfolio-summary">
      <p class="solve-status">
        <span class=${`badge solve-${reply.status}`}>${t(`priorities.portfolio.status.${reply.status}`)}</span>
        ${' '}${t(`priorities.portfolio.status.${reply.status}.text`, { gap: formatNumber(reply.gap || 0, { style: 'percent', maximumFractionDigits: 1 }), ms: formatNumber(Math.round(reply.solve_ms || 0)) })}
      </p>
      <p class="portfolio-headline">${t('priorities.portfolio.headline', { selected: tot.selected, candidates: tot.candidates, value: fmtPoints(tot.value) })}
        ${reply.period_from && html` ${t('priorities.portfolio.period', { from: fmtDate(reply.period_from), to: fmtDate(reply.period_to) })}`}</p>
      <${UsedLine} what="budget" used=${tot.cost} limit=${reply.budget} fmt=${fmtChf} />
      <${UsedLine} what="hours" used=${tot.hours} limit=${reply.hours} fmt=${(v) => fmtNum(v, 0)} />
    </div>

    <h2 id="selected-title">${t('priorities.portfolio.selected_title', { count: tot.selected })}</h2>
    ${tot.selected === 0 ? html`<${NothingChosen} reply=${reply} />` : html`<p class="muted">${t('priorities.portfolio.selected_intro')}</p>
      <${CandidateTable} id="selected" rows=${reply.selected} withWave=${true} total=${reply.selected.length} />`}

    <h2 id="constraints-title">${t('priorities.portfolio.constraints_title')}</h2>
    <p class="muted">${t('priorities.portfolio.constraints_intro')}</p>
    <ul class="constraint-costs">${CONSTRAINTS.map((name) => reply.constraints.find((c) => c.name === name)).filter(Boolean).map((c) => html`
      <li data-constraint=${c.name} class=${c.costs > 0.0005 ? 'binding' : ''}>
        <span class="constraint-name">${t(`priorities.portfolio.constraint.${c.name}`)}</span>
        <span class="constraint-text"><${ConstraintSentence} c=${c} reply=${reply} /></span>
      </li>`)}</ul>

    <h2 id="left_out-title">${t('priorities.portfolio.left_out_title', { count: reply.left_out_total })}</h2>
    ${reply.left_out_total === 0 ? html`<p class="muted">${t('priorities.portfolio.left_out_none')}</p>` : html`<p class="muted">${t('priorities.portfolio.left_out_intro')}</p>
      <${CandidateTable} id="left_out" rows=${byRank(reply.left_out)} total=${reply.left_out_total} />`}

    <h2 id="excluded-title">${t('priorities.portfolio.excluded_title', { count: reply.excluded_total })}</h2>
    ${reply.excluded_total === 0 ? html`<p class="muted">${t('priorities.portfolio.excluded_none')}</p>` : html`
      <p class="muted">${t('priorities.portfolio.excluded_intro')}</p>
      <div class="table-wrap"><table class="striped portfolio-table excluded" aria-labelledby="excluded-title">
        <thead><tr>
          <th scope="col" class="num">${t('priorities.col.rank')}</th>
          <th scope="col">${t('priorities.col.process')}</th>
          <th scope="col">${t('priorities.portfolio.col.why')}</th>
        </tr></thead>
        ${groups.map((g) => html`<tbody data-state=${g.state}>
          <tr class="group-row"><th scope="rowgroup" colspan="3">${t(`priorities.portfolio.group.${g.state}`, { count: g.rows.length })}</th></tr>
          ${g.rows.map((e) => html`<tr key=${e.process.id} data-id=${e.process.id} data-state=${e.state}>
            <td class="num">${formatNumber(e.rank)}</td>
            <td><${ProcessName} p=${e.process} /></td>
            <td><${ExcludedReason} e=${e} /></td>
          </tr>`)}
        </tbody>`)}
      </table></div>
      ${reply.excluded_total > (reply.excluded || []).length && html`<p class="muted">${t('priorities.portfolio.more', { shown: reply.excluded.length, total: reply.excluded_total })}</p>`}`}
  </div>`;
}

export function PortfolioPage({ loc }) {
  const title = t('priorities.portfolio.title');
  useTitle(title);
  const fromUrl = paramsOf(loc.query);
  const urlKey = JSON.stringify(fromUrl);
  const hasRequest = PARAMS.some((k) => fromUrl[k] !== '');
  const [values, setValues] = useState(() => ({ ...fromUrl, min_strength: fromUrl.min_strength || '2' }));
  const [reply, setReply] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [nonce, setNonce] = useState(0);
  const seq = useRef(0);
  const statusRef = useRef(null);

  // The form follows the address (back button, a link sent by a colleague).
  useEffect(() => { setValues({ ...fromUrl, min_strength: fromUrl.min_strength || '2' }); }, [urlKey]);

  useEffect(() => {
    if (!hasRequest) { setReply(null); setError(null); return undefined; }
    const n = ++seq.current;
    setBusy(true);
    setError(null);
    api('POST', '/analysis/portfolio', requestOf(fromUrl)).then((r) => {
      if (n !== seq.current) return;
      setReply(r);
    }, (e) => {
      if (n !== seq.current) return;
      setReply(null);
      setError(e);
    }).finally(() => { if (n === seq.current) setBusy(false); });
    return undefined;
  }, [urlKey, nonce]);

  useEffect(() => { if (error && statusRef.current) statusRef.current.focus(); }, [error]);

  const onSubmit = (ev) => {
    ev.preventDefault();
    const next = urlWith('/priorities/portfolio', {
      budget: values.budget.trim(), hours: values.hours.trim(), period: values.period.trim(), min_strength: values.min_strength || '2',
    });
    if (next === loc.path + loc.search) setNonce((x) => x + 1);
    else navigate(next);
  };
  const errors = fieldErrors(error);
  return html`<section class="priorities-page portfolio-page">
    <h1 tabindex="-1">${title}</h1>
    <p class="lead">${t('priorities.portfolio.intro')}</p>
    ${needsCriteria(error) && html`<${NeedsCriteria} error=${error} />`}
    ${error && !needsCriteria(error) && html`<div class="error-summary" role="alert" tabindex="-1" ref=${statusRef}>
      <strong>${t('priorities.portfolio.failed')}</strong>
      ${Object.keys(errors).length ? html`<ul>${Object.entries(errors).map(([f, m]) => html`<li><a href=${`#pf-${f}`}>${label(f)}</a>: ${m}</li>`)}</ul>`
        : html`<p>${errorText(error)}</p>`}
    </div>`}
    <${LimitsForm} values=${values} setValues=${setValues} errors=${errors} busy=${busy} onSubmit=${onSubmit} />
    <div aria-live="polite" class="portfolio-live">
      ${busy && html`<p aria-busy="true" class="solving">${t('priorities.portfolio.solving_long')}</p>`}
    </div>
    ${!hasRequest && !busy && html`<article class="empty portfolio-empty"><h2>${t('priorities.portfolio.empty.title')}</h2>
      <p>${t('priorities.portfolio.empty.text')}</p></article>`}
    ${reply && html`<div class=${busy ? 'stale' : ''}><${Result} reply=${reply} /></div>`}
  </section>`;
}
