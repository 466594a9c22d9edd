// pages/pairwise.js — /priorities/pairwise: weights by pairwise comparison (AHP). For
// every pair of criteria the user says which matters more and how much, on Saaty's
// scale (1 equal … 9 extremely more important); the weights and the consistency ratio
// come from POST /api/v1/criteria/ahp (apply: false) as the answers change. A ratio
// above 0.1 means the answers contradict each other: the page says so and names the
// pairs that disagree most with the weights. Admins and analysts then use the weights
// (apply: true, with a note): a new weight set, shown on the criteria page.

import { html, useEffect, useMemo, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, localized } from '../i18n.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { ErrorBox, Loading, useAsync, useTitle } from '../components.js';
import { errorText, setFlash } from '../forms.js';
import { Bar, allCriteria, fmtPct, mayWriteCriteria } from '../priorities.js';

// The choices of one pair, from "A extremely more important" to "B extremely more
// important": positive n means A is n times as important, negative n B.
const SCALE = [9, 8, 7, 6, 5, 4, 3, 2, 1, -2, -3, -4, -5, -6, -7, -8, -9];

/* The matrix entry a_ij for choice N of the pair (i, j), i < j. */
function entry(n) {
  if (n === 1) return 1;
  return n > 0 ? n : `1/${-n}`;
}

const pairKey = (i, j) => `${i}-${j}`;

/* The full reciprocal matrix from the choices of the pairs i < j. */
function matrixOf(n, choices) {
  const m = [];
  for (let i = 0; i < n; i++) {
    m.push([]);
    for (let j = 0; j < n; j++) {
      if (i === j) m[i].push(1);
      else if (i < j) m[i].push(entry(choices[pairKey(i, j)] || 1));
      else {
        const c = choices[pairKey(j, i)] || 1;
        m[i].push(c === 1 ? 1 : entry(-c));
      }
    }
  }
  return m;
}

const valueOf = (c) => (c === 1 ? 1 : c > 0 ? c : 1 / -c);

/* The pairs whose answer is furthest (as a ratio) from what the weights imply. */
function worstPairs(criteria, choices, weights) {
  const w = new Map(weights.map((x) => [x.code, x.weight]));
  const out = [];
  for (let i = 0; i < criteria.length; i++) {
    for (let j = i + 1; j < criteria.length; j++) {
      const said = valueOf(choices[pairKey(i, j)] || 1);
      const wi = w.get(criteria[i].code);
      const wj = w.get(criteria[j].code);
      if (!wi || !wj) continue;
      const implied = wi / wj;
      out.push({ i, j, said, implied, off: Math.abs(Math.log(said / implied)) });
    }
  }
  return out.sort((a, b) => b.off - a.off).slice(0, 3).filter((p) => p.off > Math.log(2));
}

/* A ratio as the user reads it: "3", "1/3" (the nearest of Saaty's values), or "1". */
function ratioText(r) {
  if (r > 0.95 && r < 1.05) return formatNumber(1);
  if (r >= 1) return formatNumber(r, { maximumFractionDigits: 1 });
  return `1/${formatNumber(1 / r, { maximumFractionDigits: 1 })}`;
}

function scaleLabel(n, a, b) {
  if (n === 1) return t('pairwise.scale.equal');
  const who = n > 0 ? a : b;
  return t(`pairwise.scale.${Math.abs(n)}`, { name: who });
}

function PairRow({ i, j, a, b, value, onChange }) {
  const id = `pair-${a.code}-${b.code}`;
  const nameA = localized(a, 'name');
  const nameB = localized(b, 'name');
  return html`<tr data-pair=${`${a.code}-${b.code}`} class=${`${value === 1 ? '' : 'answered'}${j === i + 1 ? ' first-of-group' : ''}`}>
    <th scope="row" class="pair-a"><label for=${id} title=${a.code}>${nameA}</label></th>
    <td class="pair-choice">
      <select id=${id} value=${String(value)} onChange=${(e) => onChange(i, j, Number(e.target.value))}
        aria-label=${t('pairwise.pair_label', { a: nameA, b: nameB })}>
        ${SCALE.map((n) => html`<option value=${String(n)}>${scaleLabel(n, nameA, nameB)}${n === 1 ? ' (1)' : ` (${Math.abs(n)})`}</option>`)}
      </select>
    </td>
    <td class="pair-b" title=${b.code}>${nameB}</td>
  </tr>`;
}

function ResultPanel({ result, criteria, choices, computing, error }) {
  if (error) return html`<div class="error-summary" role="alert"><strong>${t('pairwise.failed')}</strong><p>${errorText(error)}</p></div>`;
  if (!result) return html`<p aria-busy="true">${t('pairwise.computing')}</p>`;
  const byCode = new Map(criteria.map((c) => [c.code, c]));
  const max = Math.max(...result.weights.map((w) => w.weight));
  const worst = result.consistent ? [] : worstPairs(criteria, choices, result.weights);
  return html`<div class=${`ahp-result${computing ? ' stale' : ''}`}>
    <p class=${`consistency ${result.consistent ? 'consistent' : 'inconsistent'}`} data-consistent=${result.consistent ? 'true' : 'false'}>
      ${t('pairwise.cr', { cr: formatNumber(result.cr, { maximumFractionDigits: 3 }) })}
      ${' '}<span class=${`badge ${result.consistent ? 'cr-ok' : 'cr-bad'}`}>${t(result.consistent ? 'pairwise.consistent' : 'pairwise.inconsistent')}</span>
    </p>
    ${!result.consistent && html`<div class="ahp-warning" role="alert">
      <p><strong>${t('pairwise.warning.title')}</strong> ${t('pairwise.warning.text', { cr: formatNumber(result.cr, { maximumFractionDigits: 3 }) })}</p>
      ${worst.length > 0 && html`<p>${t('pairwise.warning.pairs')}</p><ul>${worst.map((p) => html`<li>${t('pairwise.warning.pair', {
        a: localized(criteria[p.i], 'name'), b: localized(criteria[p.j], 'name'), said: ratioText(p.said), implied: ratioText(p.implied),
      })}</li>`)}</ul>`}
    </div>`}
    <ul class="weight-bars">${result.weights.map((w) => {
      const c = byCode.get(w.code);
      return html`<li data-code=${w.code}>
        <span class="weight-name" title=${w.code}>${c ? localized(c, 'name') : w.code}</span>
        <${Bar} value=${w.weight} max=${max} cls=${c ? `bar-${c.direction}` : ''} />
        <span class="num weight-value">${fmtPct(w.weight)}</span>
      </li>`;
    })}</ul>
    <p class="muted">${t('pairwise.lambda', { lambda: formatNumber(result.lambda_max, { maximumFractionDigits: 3 }), ci: formatNumber(result.ci, { maximumFractionDigits: 3 }), ri: formatNumber(result.random_index, { maximumFractionDigits: 2 }) })}</p>
  </div>`;
}

export function PairwisePage() {
  const title = t('pairwise.title');
  useTitle(title);
  const { data: criteria, error: loadError } = useAsync(allCriteria, []);
  const [choices, setChoices] = useState({});
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [computing, setComputing] = useState(false);
  const [note, setNote] = useState('');
  const [applying, setApplying] = useState(false);
  const [applyError, setApplyError] = useState(null);
  const seq = useRef(0);
  const timer = useRef(0);
  const writable = mayWriteCriteria();
  const list = criteria || [];
  const matrix = useMemo(() => matrixOf(list.length, choices), [list, choices]);

  // The weights follow the answers (a moment after the last change).
  useEffect(() => {
    if (list.length < 2) return undefined;
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      const n = ++seq.current;
      setComputing(true);
      try {
        const r = await api('POST', '/criteria/ahp', { criteria: list.map((c) => c.code), matrix, apply: false });
        if (n === seq.current) { setResult(r); setError(null); }
      } catch (e) {
        if (n === seq.current) setError(e);
      } finally {
        if (n === seq.current) setComputing(false);
      }
    }, 250);
    return () => clearTimeout(timer.current);
  }, [matrix]);

  const onChange = (i, j, v) => setChoices((c) => ({ ...c, [pairKey(i, j)]: v }));
  const onApply = async (ev) => {
    ev.preventDefault();
    if (applying) return;
    setApplying(true);
    try {
      const body = { criteria: list.map((c) => c.code), matrix, apply: true };
      if (note.trim()) body.note = note.trim();
      const set = await api('POST', '/criteria/ahp', body);
      setFlash(t('pairwise.applied', { id: set.id }));
      navigate('/priorities/criteria');
    } catch (e) {
      setApplyError(e);
    } finally {
      setApplying(false);
    }
  };

  let body;
  if (loadError) body = html`<${ErrorBox} error=${loadError} />`;
  else if (!criteria) body = html`<${Loading} />`;
  else if (list.length < 2) body = html`<article class="empty"><h2>${t('pairwise.too_few.title')}</h2><p>${t('pairwise.too_few.text')}</p>
    <p><a href="/priorities/criteria">${t('criteria.title')}</a></p></article>`;
  else {
    const pairs = [];
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) pairs.push([i, j]);
    const answered = Object.values(choices).filter((v) => v !== 1).length;
    body = html`<div class="pairwise-layout">
      <section class="pairwise-pairs" aria-labelledby="pairs-title">
        <h2 id="pairs-title">${t('pairwise.pairs_title', { count: pairs.length })}</h2>
        <p class="muted">${t('pairwise.pairs_intro', { answered, count: pairs.length })}</p>
        <div class="table-wrap"><table class="pairs">
          <caption class="visually-hidden">${t('pairwise.pairs_title', { count: pairs.length })}</caption>
          <thead><tr><th scope="col">${t('pairwise.col.a')}</th><th scope="col">${t('pairwise.col.choice')}</th><th scope="col">${t('pairwise.col.b')}</th></tr></thead>
          <tbody>${pairs.map(([i, j]) => html`<${PairRow} key=${pairKey(i, j)} i=${i} j=${j} a=${list[i]} b=${list[j]}
            value=${choices[pairKey(i, j)] || 1} onChange=${onChange} />`)}</tbody>
        </table></div>
        <p><button type="button" class="secondary outline" disabled=${answered === 0} onClick=${() => setChoices({})}>${t('pairwise.reset')}</button></p>
      </section>
      <aside class="pairwise-result" aria-labelledby="result-title">
        <h2 id="result-title">${t('pairwise.result_title')}</h2>
        <div aria-live="polite"><${ResultPanel} result=${result} criteria=${list} choices=${choices} computing=${computing} error=${error} /></div>
        ${writable ? html`<form class="apply-form" onSubmit=${onApply} aria-labelledby="apply-title">
          <h3 id="apply-title">${t('pairwise.apply.title')}</h3>
          <p class="muted">${t('pairwise.apply.intro')}</p>
          ${applyError && html`<p class="form-error" role="alert">${errorText(applyError)}</p>`}
          <label for="ahp-note">${t('criteria.weights.note')}</label>
          <input id="ahp-note" type="text" value=${note} onInput=${(e) => setNote(e.target.value)} placeholder=${t('pairwise.apply.note_placeholder')} />
          <button type="submit" aria-busy=${applying ? 'true' : 'false'} disabled=${applying || !result || computing}>${t('pairwise.apply.button')}</button>
          ${result && !result.consistent && html`<small class="muted">${t('pairwise.apply.inconsistent_note')}</small>`}
        </form>` : html`<p class="muted">${t('pairwise.read_only')}</p>`}
      </aside>
    </div>`;
  }
  return html`<section class="priorities-page pairwise-page">
    <h1 tabindex="-1">${title}</h1>
    <p class="lead">${t('pairwise.intro')}</p>
    ${body}
  </section>`;
}
