// pages/process_priorities.js — two tabs of the process page. Assessments: the form
// that scores the process on every criterion at once (each level described, a
// rationale), pre-filled from what the process's facts suggest when the assessor has
// not scored it yet, and every assessor's scores with their mean and spread.
// Targets: the process's KPIs with their status, a chart of the measurements against
// the baseline, the target and the due date with the projected trend, a table of the
// same numbers, and forms to add a KPI and a measurement.

import { html, useEffect, useMemo, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, formatDate, language, localized } from '../i18n.js';
import { allPeople, api, currentSession, get, query } from '../api.js';
import { ErrorBox, Loading, useAsync } from '../components.js';
import { Chart, palette, reducedMotion } from '../charts.js';
import { Field, errorText, fieldErrors } from '../forms.js';
import { EntityForm } from '../entity_form.js';
import { KpiBadge, allCriteria, fmtDate } from '../priorities.js';
import { kpiValue } from './kpis.js';

const LEVELS = [1, 2, 3, 4, 5];

/* ---------- assessments ---------- */

async function loadAssessments(id) {
  const [criteria, list, suggestions, people] = await Promise.all([
    allCriteria(),
    get(`/assessments${query({ process_id: id, limit: 1000 })}`),
    get(`/processes/${id}/suggestions`).catch(() => ({ items: [] })),
    allPeople(),
  ]);
  return {
    criteria, assessments: list.items, people,
    suggestions: new Map(suggestions.items.map((s) => [s.criterion_id, s])),
    personById: new Map(people.map((p) => [p.id, p])),
  };
}

/* Why a score is suggested, in the reader's language: the reply's key and values
 * (nature and dates in words, numbers formatted), else its English sentence. */
export function suggestionReason(sug) {
  if (!sug.reason_key) return sug.reason || t(`criteria.suggest.${sug.rule}`);
  const v = { ...(sug.reason_values || {}) };
  if (v.nature) v.nature = t(`nature.${v.nature}`);
  if (v.date) v.date = formatDate(v.date);
  if (typeof v.days === 'number') v.count = v.days;
  return t(`assess.reason.${sug.reason_key}`, v);
}

/* The form's values for ASSESSOR: their own scores, else the suggestions. */
function formFor(data, assessorId) {
  const out = {};
  for (const c of data.criteria) {
    const mine = data.assessments.find((a) => a.criterion_id === c.id && a.assessor_id === assessorId);
    const s = data.suggestions.get(c.id);
    if (mine) out[c.id] = { score: mine.score, rationale: mine.rationale || '', row: mine, suggested: null };
    else if (s && s.score) out[c.id] = { score: s.score, rationale: '', row: null, suggested: s };
    else out[c.id] = { score: null, rationale: '', row: null, suggested: null };
  }
  return out;
}

function CriterionFieldset({ c, value, onChange, error }) {
  const name = `score-${c.code}`;
  const sug = value.suggested;
  const descId = `crit-${c.code}-desc`;
  return html`<fieldset class=${`criterion-fieldset${sug ? ' is-suggested' : ''}${error ? ' has-error' : ''}`} data-criterion=${c.code}
    aria-describedby=${descId}>
    <legend><span class="criterion-name">${localized(c, 'name')}</span>
      <span class=${`direction direction-${c.direction}`}>${t(`criteria.direction.${c.direction}`)}</span></legend>
    <p id=${descId} class="muted criterion-description">${c.description || t(`criteria.direction.${c.direction}.hint`)}</p>
    ${sug && html`<p class="suggested-note" data-suggested=${sug.score}><span class="badge suggested-badge">${t('assess.suggested')}</span>
      ${' '}${t('assess.suggested_text', { score: sug.score, reason: suggestionReason(sug) })}</p>`}
    ${error && html`<p class="field-error" role="alert">${error}</p>`}
    <div class="levels-choice">
      ${LEVELS.map((n) => html`<label class=${`level-option${value.score === n ? ' chosen' : ''}`}>
        <input type="radio" name=${name} value=${String(n)} checked=${value.score === n}
          onChange=${() => onChange(c.id, { score: n, suggested: null })} />
        <span class="level-score">${n}</span>
        <span class="level-text">${c[`level_${n}`] || html`<span class="muted">${t('assess.level_undescribed')}</span>`}</span>
      </label>`)}
    </div>
    <label for=${`rationale-${c.code}`} class="rationale-label">${t('assess.rationale')}</label>
    <textarea id=${`rationale-${c.code}`} rows="2" value=${value.rationale}
      onInput=${(e) => onChange(c.id, { rationale: e.target.value })} placeholder=${t('assess.rationale_placeholder')}></textarea>
  </fieldset>`;
}

/* Every assessor's score per criterion, with the mean and the spread. */
function ScoresTable({ data }) {
  const assessors = [...new Set(data.assessments.map((a) => a.assessor_id))]
    .map((id) => data.personById.get(id) || { id, name: `#${id}` })
    .sort((a, b) => a.name.localeCompare(b.name));
  if (assessors.length === 0) return html`<p class="empty">${t('assess.none_yet')}</p>`;
  return html`<div class="table-wrap"><table class="striped scores-table">
    <caption class="visually-hidden">${t('assess.scores_title')}</caption>
    <thead><tr>
      <th scope="col">${t('priorities.criterion')}</th>
      ${assessors.map((p) => html`<th scope="col" class="num" data-assessor=${p.id}>${p.name}</th>`)}
      <th scope="col" class="num">${t('assess.mean')}</th>
      <th scope="col" class="num">${t('priorities.ranking.spread')}</th>
    </tr></thead>
    <tbody>${data.criteria.map((c) => {
      const rows = data.assessments.filter((a) => a.criterion_id === c.id);
      const scores = rows.map((a) => a.score);
      const mean = scores.length ? scores.reduce((x, y) => x + y, 0) / scores.length : null;
      const spread = scores.length ? Math.max(...scores) - Math.min(...scores) : null;
      return html`<tr data-criterion=${c.code} class=${spread !== null && spread >= 2 ? 'disputed' : ''}>
        <th scope="row">${localized(c, 'name')}</th>
        ${assessors.map((p) => {
          const a = rows.find((x) => x.assessor_id === p.id);
          return html`<td class="num" title=${a && a.rationale ? a.rationale : ''}>${a ? a.score : html`<span class="muted">${t('common.none')}</span>`}</td>`;
        })}
        <td class="num mean">${mean === null ? html`<span class="muted">${t('common.none')}</span>` : formatNumber(mean, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}</td>
        <td class="num spread">${spread === null ? html`<span class="muted">${t('common.none')}</span>`
          : spread >= 2 ? html`<span class="badge spread-warning" title=${t('priorities.ranking.spread_hint')}><span aria-hidden="true">⚠ </span>${formatNumber(spread)}</span>`
          : formatNumber(spread)}</td>
      </tr>`;
    })}</tbody>
  </table></div>`;
}

function AssessmentForm({ id, data, assessorId, onSaved }) {
  const [values, setValues] = useState(() => formFor(data, assessorId));
  const [errors, setErrors] = useState({});
  const [failure, setFailure] = useState(null);
  const [saving, setSaving] = useState(false);
  const errRef = useRef(null);
  useEffect(() => { setValues(formFor(data, assessorId)); setErrors({}); setFailure(null); }, [data, assessorId]);
  useEffect(() => { if (failure && errRef.current) errRef.current.focus(); }, [failure]);
  const onChange = (cid, change) => setValues((v) => ({ ...v, [cid]: { ...v[cid], ...change } }));
  const pending = data.criteria.filter((c) => {
    const v = values[c.id];
    if (!v || v.score === null) return false;
    if (!v.row) return true;
    return v.row.score !== v.score || (v.row.rationale || '') !== v.rationale.trim();
  });
  const onSubmit = async (ev) => {
    ev.preventDefault();
    if (saving || pending.length === 0) return;
    setSaving(true);
    const errs = {};
    let saved = 0;
    for (const c of pending) {
      const v = values[c.id];
      const rationale = v.rationale.trim() ? v.rationale.trim() : null;
      try {
        if (v.row) await api('PATCH', `/assessments/${v.row.id}`, { score: v.score, rationale, version: v.row.version });
        else await api('POST', '/assessments', { process_id: id, criterion_id: c.id, assessor_id: assessorId, score: v.score, rationale });
        saved += 1;
      } catch (e) {
        errs[c.id] = e.status === 409 ? t('assess.conflict') : (Object.values(fieldErrors(e)).join('; ') || errorText(e));
      }
    }
    setSaving(false);
    setErrors(errs);
    const failed = Object.keys(errs).length;
    setFailure(failed ? { failed, saved } : null);
    onSaved(saved, failed);
  };
  const suggestedCount = data.criteria.filter((c) => values[c.id] && values[c.id].suggested).length;
  return html`<form class="assessment-form" novalidate onSubmit=${onSubmit} aria-labelledby="assess-form-title">
    <h3 id="assess-form-title">${t('assess.form_title')}</h3>
    ${suggestedCount > 0 && html`<p class="muted">${t('assess.suggested_intro', { count: suggestedCount })}</p>`}
    ${failure && html`<div class="error-summary" role="alert" tabindex="-1" ref=${errRef}>
      <strong>${t('assess.failed', { failed: failure.failed, saved: failure.saved })}</strong></div>`}
    ${data.criteria.map((c) => html`<${CriterionFieldset} key=${c.id} c=${c} value=${values[c.id] || { score: null, rationale: '' }}
      onChange=${onChange} error=${errors[c.id]} />`)}
    <div class="form-actions">
      <button type="submit" aria-busy=${saving ? 'true' : 'false'} disabled=${saving || pending.length === 0}>${pending.length ? t('assess.save', { count: pending.length }) : t('assess.nothing_to_save')}</button>
      <button type="button" class="secondary outline" disabled=${saving} onClick=${() => setValues(formFor(data, assessorId))}>${t('assess.reset')}</button>
      ${pending.length > 0 && html`<span class="muted">${t('assess.pending', { count: pending.length })}</span>`}
    </div>
  </form>`;
}

export function AssessmentsTab({ id, mayWrite }) {
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState('');
  const { loading, data, error } = useAsync(() => loadAssessments(id), [id, reload]);
  const session = currentSession();
  const me = session && session.person_id !== undefined ? session.person_id : null;
  const [chosen, setChosen] = useState('');
  const assessorId = me !== null ? me : (chosen ? Number(chosen) : null);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  if (data.criteria.length === 0) {
    return html`<p class="empty">${t('assess.no_criteria')} <a href="/priorities/criteria">${t('criteria.title')}</a></p>`;
  }
  const assessor = assessorId !== null ? data.personById.get(assessorId) : null;
  return html`<div class="assessments" aria-busy=${loading ? 'true' : 'false'}>
    <p class="muted">${t('assess.intro')} <a href="/priorities">${t('assess.to_ranking')}</a></p>
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    ${mayWrite && html`<section class="assess-panel" aria-label=${t('assess.form_title')}>
      ${me !== null ? html`<p class="assessor-line">${t('assess.as_you', { name: assessor ? assessor.name : `#${me}` })}</p>`
        : html`<div class="form-field assessor-choice">
          <label for="assessor">${t('assess.assessor')}</label>
          <select id="assessor" value=${chosen} onChange=${(e) => { setChosen(e.target.value); setNotice(''); }} aria-describedby="assessor-hint">
            <option value="">${t('form.choose')}</option>
            ${data.people.map((p) => html`<option value=${String(p.id)}>${p.name}${p.title ? ` — ${p.title}` : ''}</option>`)}
          </select>
          <small id="assessor-hint" class="muted">${t('assess.assessor_hint')}</small>
        </div>`}
      ${assessorId !== null && html`<${AssessmentForm} id=${id} data=${data} assessorId=${assessorId} onSaved=${(saved, failed) => {
        if (saved) setNotice(t('assess.saved', { count: saved }));
        if (saved || failed) setReload((n) => n + 1);
      }} />`}
    </section>`}
    <section aria-labelledby="scores-title" class="scores-panel">
      <h3 id="scores-title">${t('assess.scores_title')}</h3>
      <${ScoresTable} data=${data} />
    </section>
  </div>`;
}

/* ---------- targets (KPIs) ---------- */

const DAY = 86400000;
const ts = (ymd) => Date.parse(`${ymd}T00:00:00Z`);

function kpiOption(k, pal, lang) {
  const dfmt = new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dayFmt = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
  const val = (v) => kpiValue(v, k.unit_of_measure);
  const measured = k.measurements.map((m) => [ts(m.date), m.value]);
  const last = measured.length ? measured[measured.length - 1] : (k.baseline_date ? [ts(k.baseline_date), k.baseline] : null);
  const due = ts(k.due_date);
  const statusColour = pal.kpi[k.status] || pal.accent;
  const series = [];
  if (k.baseline_date) {
    series.push({
      type: 'scatter', name: t('kpi.chart.baseline'), symbol: 'diamond', symbolSize: 12,
      itemStyle: { color: pal.muted }, data: [[ts(k.baseline_date), k.baseline]],
    });
  }
  series.push({
    type: 'line', name: t('kpi.chart.measured'), showSymbol: true, symbolSize: 6,
    lineStyle: { width: 2, color: pal.accent }, itemStyle: { color: pal.accent },
    data: k.baseline_date ? [[ts(k.baseline_date), k.baseline], ...measured] : measured,
    markLine: {
      symbol: 'none', silent: true,
      label: { color: pal.text },
      data: [
        { name: 'target', yAxis: k.target, lineStyle: { color: pal.digital, type: 'solid', width: 2 },
          label: { formatter: t('kpi.chart.target_line', { value: val(k.target) }), position: 'insideStartTop', color: pal.digital } },
        { name: 'due', xAxis: due, lineStyle: { color: pal.muted, type: 'dotted', width: 1.5 },
          label: { formatter: t('kpi.chart.due_line', { date: dayFmt.format(due) }), position: 'insideEndTop', color: pal.muted } },
      ],
    },
  });
  if (last && k.projected !== null && k.projected !== undefined && last[0] < due) {
    series.push({
      type: 'line', name: t('kpi.chart.projected'), showSymbol: true, symbol: 'emptyCircle', symbolSize: 7,
      lineStyle: { type: 'dashed', width: 2, color: statusColour }, itemStyle: { color: statusColour },
      data: [last, [due, k.projected]],
    });
  }
  const values = [k.baseline, k.target, k.projected, ...k.measurements.map((m) => m.value)].filter((v) => v !== null && v !== undefined);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  // Round numbers at the ends of the value axis, a little beyond the data.
  const raw = (hi - lo) / 5 || Math.abs(hi) / 5 || 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((x) => x >= raw) || 10 * mag;
  const first = Math.min(k.baseline_date ? ts(k.baseline_date) : due, ...measured.map((m) => m[0]));
  return {
    animation: !reducedMotion(),
    textStyle: { fontFamily: pal.font, color: pal.text },
    legend: { top: 0, textStyle: { color: pal.text } },
    grid: { left: 16, right: 32, top: 40, bottom: 44, containLabel: true },
    tooltip: {
      trigger: 'item', renderMode: 'richText', confine: true,
      formatter: (p) => t('kpi.chart.tooltip', { series: p.seriesName, date: dayFmt.format(p.value[0]), value: val(p.value[1]) }),
    },
    xAxis: {
      type: 'time', min: first - 15 * DAY, max: due + 30 * DAY,
      name: t('kpi.chart.axis_date'), nameLocation: 'middle', nameGap: 28, nameTextStyle: { color: pal.muted },
      axisLabel: { color: pal.muted, hideOverlap: true, formatter: (v) => dfmt.format(v) },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value', min: Math.floor(lo / step - 0.25) * step, max: Math.ceil(hi / step + 0.25) * step, interval: step,
      name: k.unit_of_measure, nameTextStyle: { color: pal.muted, fontWeight: 'bold' },
      axisLabel: { color: pal.muted, formatter: (v) => formatNumber(v, { maximumFractionDigits: 2 }) },
      splitLine: { lineStyle: { color: pal.grid } },
    },
    series,
  };
}

/* A measurement of KPI K: date, value and source. */
function AddMeasurement({ k, onAdded }) {
  const today = new Date().toISOString().slice(0, 10);
  const [date, setDate] = useState(today);
  const [value, setValue] = useState('');
  const [source, setSource] = useState('');
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const errors = fieldErrors(error);
  const prefix = `m${k.id}`;
  const onSubmit = async (ev) => {
    ev.preventDefault();
    if (saving) return;
    setSaving(true);
    try {
      const x = value.trim().replace(',', '.');
      const body = { measured_on: date, value: /^-?\d+(\.\d+)?$/.test(x) ? Number(x) : value };
      if (source.trim()) body.source = source.trim();
      await api('POST', `/kpis/${k.id}/measurements`, body);
      setValue(''); setSource(''); setError(null);
      onAdded(t('kpi.measure.added', { code: k.code }));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const other = error && !errors.measured_on && !errors.value && !errors.source ? errorText(error) : '';
  return html`<form class="add-measurement" novalidate onSubmit=${onSubmit} aria-label=${t('kpi.measure.title_named', { code: k.code })}>
    <h4>${t('kpi.measure.title')}</h4>
    ${other && html`<p class="form-error" role="alert">${other}</p>`}
    <div class="inline-fields">
      <${Field} name="measured_on" prefix=${prefix} label=${t('kpi.measure.date')} error=${errors.measured_on}
        control=${({ id, invalid, describedBy }) => html`<input id=${id} type="date" value=${date} aria-invalid=${invalid}
          aria-describedby=${describedBy} onInput=${(e) => setDate(e.target.value)} />`} />
      <${Field} name="value" prefix=${prefix} label=${t('kpi.measure.value', { unit: k.unit_of_measure })} error=${errors.value}
        control=${({ id, invalid, describedBy }) => html`<input id=${id} type="text" inputmode="decimal" value=${value} aria-invalid=${invalid}
          aria-describedby=${describedBy} onInput=${(e) => setValue(e.target.value)} />`} />
      <${Field} name="source" prefix=${prefix} label=${t('kpi.measure.source')} error=${errors.source}
        control=${({ id, invalid, describedBy }) => html`<input id=${id} type="text" value=${source} aria-invalid=${invalid}
          aria-describedby=${describedBy} onInput=${(e) => setSource(e.target.value)} />`} />
      <div class="inline-submit"><button type="submit" aria-busy=${saving ? 'true' : 'false'} disabled=${saving}>${t('kpi.measure.submit')}</button></div>
    </div>
  </form>`;
}

function KpiCard({ k, mayWrite, onChanged }) {
  const lang = language();
  const option = useMemo(() => kpiOption(k, palette(), lang), [k, lang]);
  const titleId = `kpi-${k.id}-title`;
  const fact = (key, v) => html`<div><dt>${t(key)}</dt><dd>${v}</dd></div>`;
  return html`<article class="kpi-card" data-kpi=${k.code} aria-labelledby=${titleId}>
    <header class="kpi-head">
      <h3 id=${titleId}><span class="code">${k.code}</span> ${localized(k, 'name')}</h3>
      <${KpiBadge} status=${k.status} />
    </header>
    <p class="muted kpi-explain">${t(`kpi.status.${k.status}.explain`)}</p>
    <dl class="kpi-facts">
      ${fact('kpi.col.baseline', html`${kpiValue(k.baseline, k.unit_of_measure)}${k.baseline_date ? html` <small class="muted">${formatDate(k.baseline_date)}</small>` : ''}`)}
      ${fact('kpi.col.latest', kpiValue(k.latest, k.unit_of_measure))}
      ${fact('kpi.col.target', html`${kpiValue(k.target, k.unit_of_measure)} <small class="muted">${t(`kpi.direction.${k.direction}`)}</small>`)}
      ${fact('kpi.col.due', fmtDate(k.due_date))}
      ${fact('kpi.col.projected', k.projected === null ? t('common.none') : kpiValue(k.projected, k.unit_of_measure))}
    </dl>
    ${k.measurements.length === 0 && !k.baseline_date ? html`<p class="muted">${t('kpi.no_measurements')}</p>`
      : html`<${Chart} option=${option} height=${300} className="kpi-chart" />`}
    <details class="kpi-table">
      <summary>${t('kpi.table.summary', { count: k.measurements.length })}</summary>
      <table class="striped kpi-measurements">
        <caption class="visually-hidden">${t('kpi.table.caption', { code: k.code })}</caption>
        <thead><tr><th scope="col">${t('kpi.measure.date')}</th><th scope="col" class="num">${t('kpi.table.value')}</th></tr></thead>
        <tbody>
          ${k.baseline_date && html`<tr class="baseline-row"><td>${formatDate(k.baseline_date)} <small class="muted">(${t('kpi.chart.baseline')})</small></td><td class="num">${kpiValue(k.baseline, k.unit_of_measure)}</td></tr>`}
          ${k.measurements.map((m) => html`<tr><td>${formatDate(m.date)}</td><td class="num">${kpiValue(m.value, k.unit_of_measure)}</td></tr>`)}
          ${k.projected !== null && html`<tr class="projected-row"><td>${formatDate(k.due_date)} <small class="muted">(${t('kpi.chart.projected')})</small></td><td class="num">${kpiValue(k.projected, k.unit_of_measure)}</td></tr>`}
        </tbody>
      </table>
    </details>
    ${mayWrite && html`<${AddMeasurement} k=${k} onAdded=${onChanged} />`}
  </article>`;
}

const KPI_FIELDS = [
  { name: 'code', type: 'text', required: true, hint: 'form.hint.code' },
  { name: 'name', type: 'text', required: true },
  { name: 'name_zh', type: 'text' },
  { name: 'unit_of_measure', type: 'text', required: true, hint: 'kpi.hint.unit' },
  { name: 'direction', type: 'enum', options: ['increase', 'decrease'], i18n: 'kpi.direction', required: true, blank: true },
  { name: 'baseline', type: 'num', required: true },
  { name: 'baseline_date', type: 'date' },
  { name: 'target', type: 'num', required: true },
  { name: 'due_date', type: 'date', required: true },
  { name: 'owner_id', type: 'person' },
  { name: 'description', type: 'textarea', wide: true },
];
const KPI_LABELS = {
  code: 'field.code', name: 'field.name', name_zh: 'field.name_zh', description: 'field.description', owner_id: 'field.owner',
};
const kpiLabel = (name) => t(KPI_LABELS[name] || `kpi.field.${name}`);

export function TargetsTab({ id, mayWrite }) {
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState('');
  const [adding, setAdding] = useState(false);
  const { loading, data, error } = useAsync(() => get(`/analysis/kpis${query({ process_id: id })}`), [id, reload]);
  const cfg = useMemo(() => ({
    resource: 'kpis', fields: KPI_FIELDS, label: kpiLabel, fixed: { process_id: id }, cls: 'kpi-form',
    defaults: { direction: '' },
    msgs: { edit: 'kpi.new.title', create: 'kpi.new.title', submit: 'kpi.new.submit', conflictTitle: 'kpi.new.title', conflictText: 'form.conflict.text_row', forbidden: 'form.forbidden' },
  }), [id]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const changed = (text) => { setNotice(text || ''); setReload((n) => n + 1); };
  return html`<div class="targets" aria-busy=${loading ? 'true' : 'false'}>
    <p class="muted">${t('kpi.tab.intro')} <a href="/priorities/kpis">${t('kpi.tab.all')}</a></p>
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    ${data.items.length === 0 ? html`<p class="empty">${t('kpi.tab.empty')}</p>`
      : data.items.map((k) => html`<${KpiCard} key=${k.id} k=${k} mayWrite=${mayWrite} onChanged=${changed} />`)}
    ${mayWrite && (adding ? html`<section class="add-kpi" aria-labelledby="kpi-new-title">
      <h3 id="kpi-new-title">${t('kpi.new.title')}</h3>
      <${EntityForm} cfg=${cfg} mode="create" onSaved=${(k) => { setAdding(false); changed(t('kpi.new.created', { code: k.code })); }}
        onCancel=${() => setAdding(false)} />
    </section>` : html`<p><button type="button" onClick=${() => { setAdding(true); setNotice(''); }}>${t('kpi.new.button')}</button></p>`)}
  </div>`;
}
