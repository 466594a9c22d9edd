// pages/criteria.js — /priorities/criteria: the criteria processes are scored on
// (benefits and costs, each with five described levels) and their weights. Admins and
// analysts create, edit and delete criteria (/priorities/criteria/new,
// /priorities/criteria/{id}/edit, on entity_form.js) and set all weights at once
// (POST /api/v1/criteria/weights, with a note); everyone sees every weight set since
// the first (who, when, how: direct or by pairwise comparison, and its consistency).

import { html, useEffect, useMemo, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, formatDateTime, localized } from '../i18n.js';
import { api, get } from '../api.js';
import { navigate, safeNext } from '../router.js';
import { ErrorBox, Loading, orNone, useAsync, useTitle } from '../components.js';
import { errorText, fieldErrors, setFlash, takeFlash } from '../forms.js';
import { DeleteSection, EntityForm } from '../entity_form.js';
import { Bar, allCriteria, fmtPct, mayWriteCriteria } from '../priorities.js';

export const DIRECTIONS = ['benefit', 'cost'];
export const SUGGEST_RULES = ['none', 'goal_impact', 'efficiency', 'volume', 'maturity', 'change_window', 'dependents', 'change_hours', 'change_cost'];
const LEVELS = [1, 2, 3, 4, 5];

const FIELDS = [
  { name: 'code', type: 'text', required: true, hint: 'form.hint.code' },
  { name: 'name', type: 'text', required: true },
  { name: 'name_zh', type: 'text' },
  { name: 'direction', type: 'enum', options: DIRECTIONS, i18n: 'criteria.direction', required: true, blank: true },
  { name: 'weight', type: 'num', hint: 'criteria.hint.weight' },
  { name: 'position', type: 'int', hint: 'criteria.hint.position' },
  { name: 'suggest', type: 'enum', options: SUGGEST_RULES, i18n: 'criteria.suggest', hint: 'criteria.hint.suggest' },
  { name: 'description', type: 'textarea', wide: true },
  ...LEVELS.map((n) => ({ name: `level_${n}`, type: 'textarea', wide: true })),
];

const LABELS = {
  code: 'field.code', name: 'field.name', name_zh: 'field.name_zh', description: 'field.description',
  direction: 'criteria.field.direction', weight: 'criteria.field.weight', position: 'criteria.field.position', suggest: 'criteria.field.suggest',
};
const fieldLabel = (name) => {
  const m = /^level_(\d)$/.exec(name);
  if (m) return t('criteria.field.level', { n: Number(m[1]) });
  return LABELS[name] ? t(LABELS[name]) : name;
};

const FORM = {
  resource: 'criteria',
  fields: FIELDS,
  label: fieldLabel,
  defaults: { direction: '', weight: '1', suggest: 'none' },
  cls: 'criteria-form',
  msgs: {
    edit: 'criteria.edit.label', create: 'criteria.new.title', submit: 'criteria.create',
    conflictTitle: 'criteria.conflict.title', conflictText: 'form.conflict.text_row', forbidden: 'criteria.forbidden',
  },
};

function Breadcrumb() {
  return html`<nav aria-label=${t('process.breadcrumb')} class="breadcrumb">
    <a href="/priorities">${t('nav.priorities')}</a><span aria-hidden="true"> › </span><a href="/priorities/criteria">${t('criteria.title')}</a>
  </nav>`;
}

/* /priorities/criteria/new */
export function NewCriterionPage() {
  const title = t('criteria.new.title');
  useTitle(title);
  const onSaved = (row) => { setFlash(t('criteria.created', { name: row.code })); navigate('/priorities/criteria'); };
  return html`<section class="criteria-edit-page">
    <${Breadcrumb} />
    <h1 tabindex="-1">${title}</h1>
    ${mayWriteCriteria() ? html`<p class="lead">${t('criteria.new.intro')}</p>
      <${EntityForm} cfg=${FORM} mode="create" onSaved=${onSaved} onCancel=${() => navigate('/priorities/criteria')} />`
    : html`<${ErrorBox} error=${{ status: 403 }} />`}
  </section>`;
}

/* /priorities/criteria/{id}/edit: the form and Delete. */
export function EditCriterionPage({ id, loc }) {
  const { data: row, error } = useAsync(() => get(`/criteria/${id}`), [id]);
  const title = row ? t('criteria.edit.title', { name: row.code }) : t('criteria.edit.label');
  useTitle(title);
  const next = loc && loc.query.get('next');
  const back = next && safeNext(next).startsWith('/priorities/criteria') ? safeNext(next) : '/priorities/criteria';
  let body;
  if (!mayWriteCriteria()) body = html`<${ErrorBox} error=${{ status: 403 }} />`;
  else if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!row || row.id !== id) body = html`<${Loading} />`;
  else {
    const onSaved = (saved) => {
      setFlash(saved ? t('criteria.saved', { name: saved.code, version: saved.version }) : t('form.unchanged'));
      navigate(back);
    };
    body = html`<${EntityForm} key=${`criteria-${row.id}`} cfg=${FORM} mode="edit" row=${row} onSaved=${onSaved} onCancel=${() => navigate(back)} />
      <${DeleteSection} prefix="criteria" path=${`/criteria/${row.id}`} params=${{ name: row.code }} onDeleted=${() => {
        setFlash(t('criteria.deleted', { name: row.code }));
        navigate('/priorities/criteria');
      }} />`;
  }
  return html`<section class="criteria-edit-page">
    <${Breadcrumb} />
    <h1 tabindex="-1">${row && row.id === id ? html`<span class="code">${row.code}</span> ${localized(row, 'name')}` : title}</h1>
    ${body}
  </section>`;
}

/* The five levels of criterion C, as a definition list. */
function Levels({ c }) {
  return html`<div class="criterion-levels">
    ${c.description && html`<p class="multiline">${c.description}</p>`}
    <ol class="levels">${LEVELS.map((n) => html`<li data-level=${n}><span class="level-score">${n}</span>
      <span class="level-text">${orNone(c[`level_${n}`])}</span></li>`)}</ol>
    <p class="muted">${t('criteria.suggest_rule', { rule: t(`criteria.suggest.${c.suggest || 'none'}`) })}</p>
  </div>`;
}

function CriteriaTable({ criteria, writable }) {
  const [open, setOpen] = useState(() => new Set());
  const total = criteria.reduce((a, c) => a + (c.weight || 0), 0);
  const top = total > 0 ? Math.max(...criteria.map((c) => (c.weight || 0) / total)) : 1;
  const toggle = (id) => setOpen((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const cols = writable ? 6 : 5;
  return html`<div class="table-wrap"><table class="striped criteria-table">
    <caption class="visually-hidden">${t('criteria.title')}</caption>
    <thead><tr>
      <th scope="col">${t('field.code')}</th>
      <th scope="col">${t('field.name')}</th>
      <th scope="col">${t('criteria.field.direction')}</th>
      <th scope="col" class="weight-col">${t('criteria.col.weight')}</th>
      <th scope="col"><span class="visually-hidden">${t('criteria.levels')}</span></th>
      ${writable && html`<th scope="col"><span class="visually-hidden">${t('lists.col.actions')}</span></th>`}
    </tr></thead>
    <tbody>${criteria.map((c) => {
      const isOpen = open.has(c.id);
      const share = total > 0 ? c.weight / total : 0;
      return html`<tr key=${c.id} data-id=${c.id} data-code=${c.code}>
          <td class="code">${c.code}</td>
          <td>${localized(c, 'name')}</td>
          <td><span class=${`direction direction-${c.direction}`}>${t(`criteria.direction.${c.direction}`)}</span></td>
          <td class="weight-cell"><${Bar} value=${share} max=${top} cls=${`bar-${c.direction}`} /><span class="num weight-share">${fmtPct(share)}</span></td>
          <td><button type="button" class="secondary outline small" aria-expanded=${isOpen ? 'true' : 'false'} aria-controls=${`levels-${c.id}`}
            onClick=${() => toggle(c.id)}>${t(isOpen ? 'criteria.levels_hide' : 'criteria.levels')}<span class="visually-hidden"> ${c.code}</span></button></td>
          ${writable && html`<td class="actions"><a href=${`/priorities/criteria/${c.id}/edit`} class="edit-link"
            aria-label=${t('lists.edit_named', { name: c.code })}>${t('lists.edit')}</a></td>`}
        </tr>
        ${isOpen && html`<tr key=${`levels-${c.id}`} id=${`levels-${c.id}`} class="levels-row"><td colspan=${cols}><${Levels} c=${c} /></td></tr>`}`;
    })}</tbody>
  </table></div>`;
}

/* All weights at once: one number per criterion, the normalised share beside it, a
 * note; a new weight set. */
function WeightsForm({ criteria, onSaved }) {
  const initial = () => Object.fromEntries(criteria.map((c) => [c.code, String(c.weight ?? '')]));
  const [values, setValues] = useState(initial);
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const errRef = useRef(null);
  useEffect(() => { setValues(initial()); }, [criteria]);
  useEffect(() => { if (error && errRef.current) errRef.current.focus(); }, [error]);
  const parsed = Object.fromEntries(Object.entries(values).map(([k, v]) => {
    const x = String(v).trim();
    return [k, /^\d+(\.\d+)?$/.test(x) ? Number(x) : null];
  }));
  const total = Object.values(parsed).reduce((a, v) => a + (v || 0), 0);
  const top = total > 0 ? Math.max(...Object.values(parsed).map((v) => (v || 0) / total)) : 1;
  const changed = criteria.some((c) => parsed[c.code] !== c.weight);
  const onSubmit = async (ev) => {
    ev.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const weights = {};
      for (const c of criteria) weights[c.code] = parsed[c.code] === null ? values[c.code] : parsed[c.code];
      const body = { weights };
      if (note.trim()) body.note = note.trim();
      const set = await api('POST', '/criteria/weights', body);
      setError(null);
      setNote('');
      onSaved(set);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const errors = fieldErrors(error);
  return html`<form class="weights-form" novalidate onSubmit=${onSubmit} aria-labelledby="weights-title">
    ${error && html`<div class="error-summary" role="alert" tabindex="-1" ref=${errRef}>
      <strong>${t('criteria.weights.failed')}</strong><p>${Object.keys(errors).length ? Object.values(errors).join('; ') : errorText(error)}</p></div>`}
    <div class="table-wrap"><table class="weights-table">
      <caption class="visually-hidden">${t('criteria.weights.title')}</caption>
      <thead><tr><th scope="col">${t('priorities.criterion')}</th><th scope="col">${t('criteria.weights.weight')}</th>
        <th scope="col" class="share-col">${t('criteria.weights.share')}</th></tr></thead>
      <tbody>${criteria.map((c) => {
        const v = parsed[c.code];
        const share = total > 0 && v !== null ? v / total : null;
        return html`<tr data-code=${c.code}>
          <th scope="row"><label for=${`w-${c.code}`}><span class="code">${c.code}</span> ${localized(c, 'name')}</label></th>
          <td><input id=${`w-${c.code}`} type="text" inputmode="decimal" class="weight-input" value=${values[c.code]}
            aria-invalid=${v === null ? 'true' : undefined}
            onInput=${(e) => { const x = e.target.value; setValues((o) => ({ ...o, [c.code]: x })); }} /></td>
          <td class="share-cell"><${Bar} value=${share || 0} max=${top} cls=${`bar-${c.direction}`} /><output for=${`w-${c.code}`} class="num">${share === null ? t('common.none') : fmtPct(share)}</output></td>
        </tr>`;
      })}</tbody>
    </table></div>
    <div class="form-field wide">
      <label for="weights-note">${t('criteria.weights.note')}</label>
      <input id="weights-note" type="text" value=${note} onInput=${(e) => setNote(e.target.value)} placeholder=${t('criteria.weights.note_placeholder')} />
    </div>
    <div class="form-actions">
      <button type="submit" aria-busy=${saving ? 'true' : 'false'} disabled=${saving || !changed}>${t('criteria.weights.save')}</button>
      <button type="button" class="secondary outline" disabled=${!changed} onClick=${() => setValues(initial())}>${t('criteria.weights.reset')}</button>
      <a href="/priorities/pairwise">${t('criteria.weights.pairwise')}</a>
    </div>
  </form>`;
}

/* Every weight set, newest first. */
function WeightHistory({ sets }) {
  const [open, setOpen] = useState(null);
  if (sets.length === 0) return html`<p class="muted">${t('criteria.history.empty')}</p>`;
  return html`<div class="table-wrap"><table class="striped weight-history">
    <caption class="visually-hidden">${t('criteria.history.title')}</caption>
    <thead><tr>
      <th scope="col" class="num">${t('criteria.history.id')}</th>
      <th scope="col">${t('criteria.history.when')}</th>
      <th scope="col">${t('criteria.history.actor')}</th>
      <th scope="col">${t('criteria.history.method')}</th>
      <th scope="col" class="num">${t('criteria.history.cr')}</th>
      <th scope="col">${t('criteria.history.note')}</th>
      <th scope="col">${t('criteria.history.weights')}</th>
    </tr></thead>
    <tbody>${sets.map((s, i) => html`<tr key=${s.id} data-id=${s.id}>
      <td class="num">${formatNumber(s.id)}${i === 0 && html` <span class="badge current-set">${t('criteria.history.current')}</span>`}</td>
      <td class="nowrap">${formatDateTime(s.created_at)}</td>
      <td>${s.actor || t('process.history.system')}</td>
      <td>${t(`priorities.weight_set.method.${s.method}`)}</td>
      <td class="num">${s.consistency_ratio === null || s.consistency_ratio === undefined ? t('common.none')
        : html`<span class=${s.consistency_ratio > 0.1 ? 'cr-bad' : ''}>${formatNumber(s.consistency_ratio, { maximumFractionDigits: 3 })}</span>`}</td>
      <td>${orNone(s.note)}</td>
      <td>${open === s.id
        ? html`<ul class="set-weights">${s.weights.map((w) => html`<li><span class="code">${w.code}</span> ${fmtPct(w.normalised)}</li>`)}</ul>
          <button type="button" class="secondary outline small" onClick=${() => setOpen(null)}>${t('criteria.history.hide')}</button>`
        : html`<button type="button" class="secondary outline small" onClick=${() => setOpen(s.id)}
          aria-label=${t('criteria.history.show_named', { id: s.id })}>${t('criteria.history.show')}</button>`}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

async function loadCriteriaPage() {
  const [criteria, sets] = await Promise.all([allCriteria(), get('/criteria/weights')]);
  return { criteria, sets: sets.items };
}

export function CriteriaPage() {
  const title = t('criteria.title');
  useTitle(title);
  const [reload, setReload] = useState(0);
  const { data, error } = useAsync(loadCriteriaPage, [reload]);
  const [notice, setNotice] = useState(takeFlash);
  const writable = mayWriteCriteria();
  const criteria = useMemo(() => (data ? data.criteria : []), [data]);

  let body;
  if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!data) body = html`<${Loading} />`;
  else {
    body = html`
      ${criteria.length === 0 ? html`<article class="empty"><h2>${t('criteria.empty.title')}</h2><p>${t('criteria.empty.text')}</p>
        ${writable && html`<p><a href="/priorities/criteria/new" role="button">${t('criteria.new')}</a></p>`}</article>`
      : html`<${CriteriaTable} criteria=${criteria} writable=${writable} />`}
      ${criteria.length > 0 && html`<section class="weights-panel" aria-labelledby="weights-title">
        <h2 id="weights-title">${t('criteria.weights.title')}</h2>
        <p class="muted">${t(writable ? 'criteria.weights.intro' : 'criteria.weights.intro_read')}</p>
        ${writable && html`<${WeightsForm} criteria=${criteria} onSaved=${(set) => {
          setNotice(t('criteria.weights.saved', { id: set.id }));
          setReload((n) => n + 1);
        }} />`}
      </section>`}
      <section class="weight-history-panel" aria-labelledby="weight-history">
        <h2 id="weight-history" tabindex="-1">${t('criteria.history.title')}</h2>
        <p class="muted">${t('criteria.history.intro')}</p>
        <${WeightHistory} sets=${data.sets} />
      </section>`;
  }
  return html`<section class="priorities-page criteria-page">
    <div class="page-head">
      <h1 tabindex="-1">${title}</h1>
      ${writable && html`<a href="/priorities/criteria/new" role="button" class="new-button">${t('criteria.new')}</a>`}
    </div>
    <p class="lead">${t('criteria.intro')}</p>
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    ${body}
  </section>`;
}
