// pages/process.js — one process: its code and name, a summary strip of key facts,
// then tabs (?tab=): every field, its dependencies out and in (each other process a
// link, and a form to add one), and the strategic goals it serves. Roles that may
// write this process (forms.js, mayWriteProcess) get an Edit button that swaps the
// summary and tabs for the edit form, and the form to add a dependency; others do not
// see them.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, formatDate, formatDateTime, localized } from '../i18n.js';
import { allGoals, allPeople, allUnits, api, clearCache, forget, get, lookup, query } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { ErrorBox, ItemTitle, Loading, NatureTag, StatusBadge, orNone, useAsync, useTitle } from '../components.js';
import { Field, ProcessPicker, errorText, fieldErrors, mayWriteProcess, setFlash, useUnitMap } from '../forms.js';
import { ProcessForm } from './process_form.js';
import { DeleteControl, DeleteSection } from '../entity_form.js';
import { HistoryList } from '../history.js';
import { AssessmentsTab, TargetsTab } from './process_priorities.js';
import { ProcessAssetsTab } from './process_assets.js';

const DEP_KINDS = ['feeds', 'triggers', 'shares_data', 'shares_system', 'regulated_by'];

const TABS = ['details', 'dependencies', 'impact', 'goals', 'assessments', 'targets', 'assets', 'history'];

async function loadProcess(id) {
  const p = await get(`/processes/${id}`);
  const [unit, owner, parent] = await Promise.all([
    lookup('units', p.unit_id), lookup('people', p.owner_id), lookup('processes', p.parent_id),
  ]);
  return { p, unit, owner, parent };
}

/* Dependencies out of and into process ID, each with the other process. */
async function loadDependencies(id) {
  const [out, into] = await Promise.all([
    get(`/dependencies${query({ from_id: id, limit: 1000 })}`),
    get(`/dependencies${query({ to_id: id, limit: 1000 })}`),
  ]);
  const withOther = (list, field) => Promise.all(list.items.map(async (d) => ({ d, other: await lookup('processes', d[field]) })));
  return {
    out: await withOther(out, 'to_id'), outTotal: out.total,
    into: await withOther(into, 'from_id'), intoTotal: into.total,
  };
}

async function loadGoals(id) {
  const links = await get(`/processes/${id}/goals${query({ limit: 1000 })}`);
  const rows = await Promise.all(links.items.map(async (l) => ({ l, goal: await lookup('goals', l.goal_id) })));
  return { rows, total: links.total };
}

function ProcessLink({ p, id }) {
  if (!p) return html`<span class="muted">#${id}</span>`;
  return html`<a href=${`/processes/${p.id}`}><span class="code">${p.code}</span> ${localized(p, 'name')}</a>`;
}

function Summary({ p, unit, owner }) {
  const item = (key, value) => html`<div><dt>${t(`field.${key}`)}</dt><dd>${value}</dd></div>`;
  return html`<dl class="summary-strip">
    ${item('nature', html`<${NatureTag} value=${p.nature} />`)}
    ${item('status', html`<${StatusBadge} value=${p.status} />`)}
    ${item('unit', unit ? html`<a href=${urlWith('/processes', { unit_id: unit.id })}>${localized(unit, 'name')}</a>` : orNone(null))}
    ${item('owner', owner ? owner.name : orNone(null))}
    ${item('maturity', p.maturity === null ? orNone(null) : t('process.maturity_of', { value: p.maturity }))}
    ${item('volume_per_year', p.volume_per_year === null ? orNone(null) : formatNumber(p.volume_per_year))}
  </dl>`;
}

function Details({ p, unit, owner, parent }) {
  const row = (key, value, cls) => html`<div class=${cls}><dt>${t(`field.${key}`)}</dt><dd>${orNone(value)}</dd></div>`;
  const num = (v) => (v === null || v === undefined ? null : formatNumber(v));
  const text = (v) => (v ? html`<span class="multiline">${v}</span>` : null);
  return html`<dl class="details">
    ${row('code', html`<span class="code">${p.code}</span>`)}
    ${row('name', p.name)}
    ${row('name_zh', p.name_zh ? html`<span lang="zh">${p.name_zh}</span>` : null)}
    ${row('description', text(p.description), 'wide')}
    ${row('kind', p.kind ? t(`kind.${p.kind}`) : null)}
    ${row('parent', parent ? html`<${ProcessLink} p=${parent} />` : null)}
    ${row('unit', unit ? html`<span><span class="code">${unit.code}</span> ${localized(unit, 'name')}</span>` : null)}
    ${row('owner', owner ? html`<span>${owner.name}${owner.title ? html`<br /><small class="muted">${owner.title}</small>` : ''}</span>` : null)}
    ${row('change_authority', p.change_authority)}
    ${row('nature', html`<${NatureTag} value=${p.nature} />`)}
    ${row('maturity', num(p.maturity))}
    ${row('volume_per_year', num(p.volume_per_year))}
    ${row('staff_hours_per_year', num(p.staff_hours_per_year))}
    ${row('annual_cost', num(p.annual_cost))}
    ${row('systems', p.systems && p.systems.length ? html`<ul class="tags">${p.systems.map((s) => html`<li>${s}</li>`)}</ul>` : null)}
    ${row('pain_points', text(p.pain_points), 'wide')}
    ${row('resources_needed', text(p.resources_needed), 'wide')}
    ${row('change_from', formatDate(p.change_from))}
    ${row('change_to', formatDate(p.change_to))}
    ${row('change_cost', p.change_cost === null || p.change_cost === undefined ? null : formatNumber(p.change_cost, { style: 'currency', currency: 'CHF', maximumFractionDigits: 0 }))}
    ${row('change_hours', num(p.change_hours))}
    ${row('status', html`<${StatusBadge} value=${p.status} />`)}
    ${row('source', p.source ? t(`source.${p.source}`) : null)}
    ${row('created_at', formatDateTime(p.created_at))}
    ${row('updated_at', formatDateTime(p.updated_at))}
    ${row('version', num(p.version))}
  </dl>`;
}

function DependencyTable({ id, caption, rows, total, field, empty, mayWrite, onChanged }) {
  if (rows.length === 0) return html`<h3>${caption}</h3><p class="muted">${empty}</p>`;
  return html`<h3>${caption}</h3>
    <div class="table-wrap"><table class="striped" data-dependencies=${id}>
      <caption class="visually-hidden">${caption}</caption>
      <thead><tr>
        <th scope="col">${t('dependency.relation')}</th>
        <th scope="col">${t('dependency.process')}</th>
        <th scope="col" class="num">${t('dependency.strength')}</th>
        <th scope="col">${t('dependency.note')}</th>
        ${mayWrite && html`<th scope="col"><span class="visually-hidden">${t('lists.col.actions')}</span></th>`}
      </tr></thead>
      <tbody>
        ${rows.map(({ d, other }) => html`<tr key=${d.id}>
          <td>${t(`dependency.${field === 'to_id' ? 'out' : 'in'}.${d.kind}`)}</td>
          <td><${ProcessLink} p=${other} id=${d[field]} /></td>
          <td class="num">${t(`dependency.strength.${d.strength}`)}</td>
          <td>${orNone(d.note)}</td>
          ${mayWrite && html`<td class="actions"><${DeleteControl} path=${`/dependencies/${d.id}`}
            params=${{ code: other ? other.code : `#${d[field]}` }} onDeleted=${onChanged} msgs=${{
              button: 'dependency.remove.button', question: 'dependency.remove.question', explain: 'dependency.remove.explain',
              confirm: 'dependency.remove.confirm', blocked: 'dependency.remove.question', forbidden: 'form.forbidden',
            }} /></td>`}
        </tr>`)}
      </tbody>
    </table></div>
    ${total > rows.length && html`<p class="muted">${t('process.more_dependencies', { shown: rows.length, total })}</p>`}`;
}

/* "Add dependency": this process → the process searched for (or the other way round),
 * with kind and strength. */
function AddDependency({ id, onAdded }) {
  const [open, setOpen] = useState(false);
  const [other, setOther] = useState(null);
  const [direction, setDirection] = useState('out');
  const [kind, setKind] = useState('feeds');
  const [strength, setStrength] = useState('2');
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState('');
  const errRef = useRef(null);
  const openRef = useRef(null);
  useEffect(() => { if (error && errRef.current) errRef.current.focus(); }, [error]);
  useEffect(() => { if (open) { const el = document.getElementById('dep-to_id'); if (el) el.focus(); } }, [open]);

  if (!open) {
    return html`<div class="add-dependency">
      ${done && html`<p class="form-notice" role="status">${done}</p>`}
      <button type="button" ref=${openRef} onClick=${() => { setOpen(true); setDone(''); }}>${t('dependency.add.button')}</button>
    </div>`;
  }
  const errors = fieldErrors(error);
  const toError = errors.to_id || errors.from_id;
  const onSubmit = async (ev) => {
    ev.preventDefault();
    if (saving) return;
    if (!other) { setError({ status: 422, errors: [{ field: 'to_id', message: t('dependency.add.pick_first') }], detail: '' }); return; }
    setSaving(true);
    try {
      const out = direction === 'out';
      const body = { from_id: out ? id : other.id, to_id: out ? other.id : id, kind, strength: Number(strength) };
      if (note.trim()) body.note = note;
      await api('POST', '/dependencies', body);
      setDone(t('dependency.add.done', { code: other.code }));
      setOther(null); setNote(''); setError(null); setOpen(false);
      onAdded();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const otherMsgs = Object.entries(errors).filter(([f]) => !['to_id', 'from_id', 'kind', 'strength', 'note'].includes(f));
  return html`<form class="add-dependency-form" novalidate onSubmit=${onSubmit} aria-labelledby="dep-add-title">
    <h3 id="dep-add-title">${t('dependency.add.title')}</h3>
    <p class="muted">${t('dependency.add.intro')}</p>
    ${error && html`<div class="error-summary" role="alert" tabindex="-1" ref=${errRef}>
      <strong>${t('dependency.add.failed')}</strong>
      <p>${Object.keys(errors).length ? Object.values(errors).join('; ') : errorText(error)}</p>
      ${otherMsgs.length > 0 && html`<ul>${otherMsgs.map(([f, m]) => html`<li>${f}: ${m}</li>`)}</ul>`}
    </div>`}
    <fieldset class="direction">
      <legend>${t('dependency.add.direction')}</legend>
      ${['out', 'in'].map((dir) => html`<label>
        <input type="radio" name="dep-direction" value=${dir} checked=${direction === dir}
          onChange=${() => setDirection(dir)} />${t(`dependency.add.direction.${dir}`)}</label>`)}
    </fieldset>
    <div class="form-grid">
      <${Field} name="to_id" prefix="dep" wide=${true} label=${t('dependency.add.other')} error=${toError}
        control=${({ id: cid, invalid, describedBy }) => html`<${ProcessPicker} id=${cid} value=${other}
          invalid=${invalid} describedBy=${describedBy} onChange=${setOther} placeholder=${t('dependency.add.placeholder')} />`} />
      <${Field} name="kind" prefix="dep" label=${t('dependency.add.kind')} error=${errors.kind}
        control=${({ id: cid, invalid, describedBy }) => html`<select id=${cid} value=${kind} aria-invalid=${invalid}
          aria-describedby=${describedBy} onChange=${(e) => setKind(e.target.value)}>
          ${DEP_KINDS.map((k) => html`<option value=${k}>${t(direction === 'out' ? 'dependency.add.kind_option' : 'dependency.add.kind_option_in',
            { relation: t(`dependency.out.${k}`) })}</option>`)}
        </select>`} />
      <${Field} name="strength" prefix="dep" label=${t('dependency.strength')} error=${errors.strength}
        control=${({ id: cid, invalid, describedBy }) => html`<select id=${cid} value=${strength} aria-invalid=${invalid}
          aria-describedby=${describedBy} onChange=${(e) => setStrength(e.target.value)}>
          ${[1, 2, 3].map((n) => html`<option value=${String(n)}>${t(`dependency.strength.${n}`)}</option>`)}
        </select>`} />
      <${Field} name="note" prefix="dep" wide=${true} label=${t('dependency.note')} error=${errors.note}
        control=${({ id: cid, invalid, describedBy }) => html`<textarea id=${cid} rows="2" value=${note} aria-invalid=${invalid}
          aria-describedby=${describedBy} onInput=${(e) => setNote(e.target.value)}></textarea>`} />
    </div>
    <div class="form-actions">
      <button type="submit" aria-busy=${saving ? 'true' : 'false'} disabled=${saving}>${t('dependency.add.submit')}</button>
      <button type="button" class="secondary outline" onClick=${() => { setOpen(false); setError(null); setOther(null); }}>${t('form.cancel')}</button>
    </div>
  </form>`;
}

function DependenciesTab({ id, mayWrite }) {
  const [reload, setReload] = useState(0);
  const { loading, data, error } = useAsync(() => loadDependencies(id), [id, reload]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const changed = () => setReload((n) => n + 1);
  return html`<div class="dependencies" aria-busy=${loading ? 'true' : 'false'}>
    <p class="muted">${t('process.dependencies.intro')}</p>
    ${mayWrite && html`<${AddDependency} id=${id} onAdded=${changed} />`}
    <${DependencyTable} id="out" caption=${t('process.dependencies.out', { count: data.outTotal })} rows=${data.out}
      total=${data.outTotal} field="to_id" empty=${t('process.dependencies.out_empty')} mayWrite=${mayWrite} onChanged=${changed} />
    <${DependencyTable} id="in" caption=${t('process.dependencies.in', { count: data.intoTotal })} rows=${data.into}
      total=${data.intoTotal} field="from_id" empty=${t('process.dependencies.in_empty')} mayWrite=${mayWrite} onChanged=${changed} />
  </div>`;
}

const IMPACTS = [1, 2, 3, 4, 5];

/* The impact of one goal link, changed in place (PATCH with the link's version). */
function ImpactSelect({ id, link, goal, onChanged, onError }) {
  const [busy, setBusy] = useState(false);
  const onChange = async (ev) => {
    const impact = Number(ev.target.value);
    setBusy(true);
    try {
      await api('PATCH', `/processes/${id}/goals/${link.goal_id}`, { impact, version: link.version });
      onChanged(t('process.goals.impact_saved', { code: goal ? goal.code : `#${link.goal_id}`, value: impact }));
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<select class="impact-select" value=${String(link.impact)} disabled=${busy} onChange=${onChange}
    aria-label=${t('process.goals.impact_of_goal', { code: goal ? goal.code : `#${link.goal_id}` })}>
    ${IMPACTS.map((n) => html`<option value=${String(n)}>${t('goal.impact_of', { value: n })}</option>`)}
  </select>`;
}

/* Link this process to a goal it does not serve yet, with an impact. */
function AddGoalLink({ id, linked, onAdded }) {
  const { data: goals } = useAsync(() => allGoals(), []);
  const [goalId, setGoalId] = useState('');
  const [impact, setImpact] = useState('3');
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const choices = (goals || []).filter((g) => !linked.has(g.id));
  const errors = fieldErrors(error);
  const onSubmit = async (ev) => {
    ev.preventDefault();
    if (saving) return;
    if (!goalId) { setError({ status: 422, errors: [{ field: 'goal_id', message: t('process.goals.pick_first') }] }); return; }
    setSaving(true);
    try {
      await api('POST', `/processes/${id}/goals`, { goal_id: Number(goalId), impact: Number(impact) });
      const goal = choices.find((g) => g.id === Number(goalId));
      setGoalId(''); setError(null);
      onAdded(t('process.goals.added', { code: goal ? goal.code : goalId }));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const other = error && !errors.goal_id && !errors.impact ? errorText(error) : '';
  return html`<form class="add-goal-form" novalidate onSubmit=${onSubmit} aria-labelledby="goal-add-title">
    <h3 id="goal-add-title">${t('process.goals.add.title')}</h3>
    ${other && html`<p class="form-error" role="alert">${other}</p>`}
    <div class="form-grid">
      <${Field} name="goal_id" prefix="goal" wide=${true} label=${t('process.goals.add.goal')} error=${errors.goal_id}
        control=${({ id: cid, invalid, describedBy }) => html`<select id=${cid} value=${goalId} aria-invalid=${invalid}
          aria-describedby=${describedBy} onChange=${(e) => setGoalId(e.target.value)}>
          <option value="">${t('process.goals.add.choose')}</option>
          ${['strategic_plan', 'connect_2030', 'internal'].map((fw) => html`<optgroup label=${t(`goal.framework.${fw}`)}>
            ${choices.filter((g) => g.framework === fw).map((g) => html`<option value=${String(g.id)}>${g.code} — ${localized(g, 'title')}</option>`)}
          </optgroup>`)}
        </select>`} />
      <${Field} name="impact" prefix="goal" label=${t('goal.impact')} error=${errors.impact}
        control=${({ id: cid, invalid, describedBy }) => html`<select id=${cid} value=${impact} aria-invalid=${invalid}
          aria-describedby=${describedBy} onChange=${(e) => setImpact(e.target.value)}>
          ${IMPACTS.map((n) => html`<option value=${String(n)}>${t('goal.impact_of', { value: n })}</option>`)}
        </select>`} />
    </div>
    <div class="form-actions">
      <button type="submit" aria-busy=${saving ? 'true' : 'false'} disabled=${saving}>${t('process.goals.add.submit')}</button>
    </div>
  </form>`;
}

function GoalsTab({ id, mayWrite }) {
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState(null);
  const { loading, data, error: loadError } = useAsync(() => loadGoals(id), [id, reload]);
  if (loadError) return html`<${ErrorBox} error=${loadError} />`;
  if (!data) return html`<${Loading} />`;
  const changed = (text) => { setNotice(text || ''); setError(null); setReload((n) => n + 1); };
  const linked = new Set(data.rows.map(({ l }) => l.goal_id));
  return html`<div class="goal-links" aria-busy=${loading ? 'true' : 'false'}>
    <p class="muted">${t('process.goals.intro')}</p>
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    ${error && html`<p class="form-error" role="alert">${error.status === 409 ? t('process.goals.conflict') : errorText(error)}</p>`}
    ${data.rows.length === 0 ? html`<p class="empty">${t('process.goals.empty')}</p>` : html`<div class="table-wrap"><table class="striped goals">
      <caption class="visually-hidden">${t('process.tab.goals')}</caption>
      <thead><tr>
        <th scope="col">${t('goal.code')}</th>
        <th scope="col">${t('goal.title')}</th>
        <th scope="col">${t('goal.framework')}</th>
        <th scope="col" class="num">${t('goal.impact')}</th>
        ${mayWrite && html`<th scope="col"><span class="visually-hidden">${t('lists.col.actions')}</span></th>`}
      </tr></thead>
      <tbody>
        ${data.rows.map(({ l, goal }) => html`<tr key=${l.id} data-goal=${l.goal_id}>
          <td class="code">${goal ? goal.code : `#${l.goal_id}`}</td>
          <td>${goal ? localized(goal, 'title') : ''}</td>
          <td>${goal ? t(`goal.framework.${goal.framework}`) : ''}</td>
          <td class="num">${mayWrite
            ? html`<${ImpactSelect} id=${id} link=${l} goal=${goal} onChanged=${changed}
                onError=${(e) => { setError(e); setReload((n) => n + 1); }} />`
            : t('goal.impact_of', { value: l.impact })}</td>
          ${mayWrite && html`<td class="actions"><${DeleteControl} path=${`/processes/${id}/goals/${l.goal_id}`}
            params=${{ code: goal ? goal.code : `#${l.goal_id}` }} onDeleted=${() => changed(t('process.goals.removed', { code: goal ? goal.code : `#${l.goal_id}` }))} msgs=${{
              button: 'process.goals.remove.button', question: 'process.goals.remove.question', explain: 'process.goals.remove.explain',
              confirm: 'process.goals.remove.confirm', blocked: 'process.goals.remove.question', forbidden: 'form.forbidden',
            }} /></td>`}
        </tr>`)}
      </tbody>
    </table></div>`}
    ${mayWrite && html`<${AddGoalLink} id=${id} linked=${linked} onAdded=${changed} />`}
  </div>`;
}

/* "What does changing this affect": GET /processes/{id}/impact with the direction
 * and depth chosen, each process reached with its distance, unit, owner and why. */
async function loadImpact(id, direction, depth) {
  const r = await get(`/processes/${id}/impact${query({ direction, depth, limit: 200 })}`);
  const [units, people] = await Promise.all([allUnits(), allPeople()]);
  const unitOf = new Map(units.map((u) => [u.id, u]));
  const personOf = new Map(people.map((pp) => [pp.id, pp]));
  const codes = new Map(r.items.map((i) => [i.id, i.code]));
  return { r, unitOf, personOf, codes };
}

function ImpactTab({ id, p }) {
  const [direction, setDirection] = useState('down');
  const [depth, setDepth] = useState('');
  const { loading, data, error } = useAsync(() => loadImpact(id, direction, depth), [id, direction, depth]);
  const codeOf = (pid) => (pid === id ? p.code : (data && data.codes.get(pid)) || `#${pid}`);
  let body;
  if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!data) body = html`<${Loading} />`;
  else if (data.r.total === 0) body = html`<p class="empty">${t(`process.impact.none_${direction}`)}</p>`;
  else {
    const { r, unitOf, personOf } = data;
    const owners = new Set(r.items.map((i) => i.owner_id).filter((o) => o !== null));
    body = html`<p id="impact-summary" aria-live="polite">${t('process.impact.summary', {
      count: r.total, units: r.by_unit.length, owners: owners.size })}</p>
      <div class="table-wrap"><table class="striped impact">
        <caption class="visually-hidden">${t('process.tab.impact')}</caption>
        <thead><tr>
          <th scope="col" class="num">${t('process.impact.distance')}</th>
          <th scope="col">${t('dependency.process')}</th>
          <th scope="col">${t('field.unit')}</th>
          <th scope="col">${t('field.owner')}</th>
          <th scope="col">${t('process.impact.why')}</th>
        </tr></thead>
        <tbody>
          ${r.items.map((i) => html`<tr key=${i.id} data-id=${i.id}>
            <td class="num">${i.distance}</td>
            <td><a href=${`/processes/${i.id}`}><span class="code">${i.code}</span> ${i.name}</a></td>
            <td>${i.unit_id && unitOf.get(i.unit_id) ? html`<span class="code">${unitOf.get(i.unit_id).code}</span>` : orNone(null)}</td>
            <td>${i.owner_id && personOf.get(i.owner_id) ? personOf.get(i.owner_id).name : orNone(null)}</td>
            <td class="impact-path">${i.path.map((pid, k) => html`${k ? html`<span aria-hidden="true">${i.direction === 'up' ? ' ← ' : ' → '}</span>` : ''}<span class="code">${codeOf(pid)}</span>`)}</td>
          </tr>`)}
        </tbody>
      </table></div>
      ${r.total > r.items.length && html`<p class="muted">${t('process.impact.more', { shown: r.items.length, total: r.total })}</p>`}`;
  }
  return html`<div class="impact-panel" aria-busy=${loading ? 'true' : 'false'}>
    <p class="muted">${t('process.impact.intro')} <a href=${urlWith('/graph', { process: id })}>${t('process.impact.graph')}</a></p>
    <div class="impact-controls">
      <fieldset class="direction">
        <legend>${t('process.impact.direction')}</legend>
        ${['down', 'up', 'both'].map((d) => html`<label><input type="radio" name="impact-direction" value=${d}
          checked=${direction === d} onChange=${() => setDirection(d)} />${t(`process.impact.direction.${d}`)}</label>`)}
      </fieldset>
      <label for="impact-depth">${t('process.impact.depth')}
        <select id="impact-depth" value=${depth} onChange=${(e) => setDepth(e.target.value)}>
          <option value="">${t('process.impact.depth_any')}</option>
          ${[1, 2, 3, 4, 5].map((n) => html`<option value=${String(n)}>${n}</option>`)}
        </select>
      </label>
    </div>
    ${body}
  </div>`;
}

const ENUM_FIELDS = { nature: 'nature', status: 'status', kind: 'kind', source: 'source' };

/* The label of a changed FIELD: the form's label ("unit_id" → Unit), else the name. */
function fieldLabel(field) {
  const k = `field.${field.replace(/_id$/, '')}`;
  const s = t(k);
  return s === k ? field : s;
}

/* A value of the history, readable: null as the dash, arrays joined, enumerations in
 * words, other objects as JSON. */
function historyValue(field, v) {
  if (v === null || v === undefined || v === '') return html`<span class="muted">${t('common.none')}</span>`;
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : html`<span class="muted">${t('common.none')}</span>`;
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'boolean') return t(v ? 'history.yes' : 'history.no');
  if (ENUM_FIELDS[field] && typeof v === 'string') {
    const k = `${ENUM_FIELDS[field]}.${v}`;
    const s = t(k);
    return s === k ? v : s;
  }
  if (typeof v === 'number') return formatNumber(v);
  return html`<span class="multiline">${v}</span>`;
}

function HistoryTab({ id }) {
  return html`<${HistoryList} path=${`/processes/${id}`} prefix="process" label=${fieldLabel} value=${historyValue} more=${true} />`;
}

export function ProcessPage({ id, loc }) {
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState('');
  const { loading, data, error } = useAsync(() => loadProcess(id), [id, reload]);
  const units = useUnitMap();
  useEffect(() => { setEditing(false); setNotice(''); }, [id]);
  // ?edit=1 (e.g. "add an estimate" on the portfolio page) opens the form at once, for
  // a role that may write the process.
  const wantEdit = loc.query.get('edit') === '1';
  const pLoaded = data && data.p && data.p.id === id ? data.p : null;
  useEffect(() => {
    if (wantEdit && pLoaded && mayWriteProcess(pLoaded, units)) {
      setEditing(true);
      navigate(urlWith(`/processes/${id}`, { tab: loc.query.get('tab') || '' }), { replace: true });
    }
  }, [wantEdit, pLoaded, units]);
  const tab = TABS.includes(loc.query.get('tab')) ? loc.query.get('tab') : 'details';
  const p = data && data.p && data.p.id === id ? data.p : null;
  useTitle(p ? `${p.code} ${localized(p, 'name')}` : t('process.title'));

  if (error) {
    return html`<section><h1 tabindex="-1">${t('process.title')}</h1><${ErrorBox} error=${error} />
      <p><a href="/processes">${t('process.back')}</a></p></section>`;
  }
  if (!p) return html`<section><h1 tabindex="-1">${t('process.title')}</h1><${Loading} /></section>`;

  const onSaved = (saved) => {
    setEditing(false);
    setNotice(saved ? t('form.saved', { version: saved.version }) : t('form.unchanged'));
    if (saved) setReload((n) => n + 1);
  };

  // Edit and add-dependency only for a role that may write this process.
  const mayWrite = mayWriteProcess(p, units);
  return html`<div class="process-page">
    <nav aria-label=${t('process.breadcrumb')} class="breadcrumb">
      <a href="/processes">${t('nav.inventory')}</a>
      ${data.parent && html`<span aria-hidden="true"> › </span><${ProcessLink} p=${data.parent} />`}
    </nav>
    <${ItemTitle} row=${p} label=${t('process.edit')} busy=${loading}
      onEdit=${mayWrite && !editing && (() => { setNotice(''); setEditing(true); })} />
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    ${editing ? html`<section class="edit-panel" aria-labelledby="edit-title">
      <h2 id="edit-title">${t('form.edit.title')}</h2>
      <${ProcessForm} key=${`${p.id}`} mode="edit" process=${p} parent=${data.parent}
        onSaved=${onSaved} onCancel=${() => setEditing(false)} />
    </section>` : html`
    <${Summary} p=${p} unit=${data.unit} owner=${data.owner} />
    <nav class="tabs" aria-label=${t('process.tabs')}>
      <ul>
        ${TABS.map((k) => html`<li><a href=${urlWith(`/processes/${id}`, { tab: k === 'details' ? '' : k })}
          aria-current=${tab === k ? 'page' : undefined}>${t(`process.tab.${k}`)}</a></li>`)}
      </ul>
    </nav>
    <section class="tab-panel" aria-label=${t(`process.tab.${tab}`)}>
      ${tab === 'details' && html`<${Details} p=${p} unit=${data.unit} owner=${data.owner} parent=${data.parent} />`}
      ${tab === 'details' && mayWrite && html`<${DeleteSection} prefix="process" path=${`/processes/${p.id}?cascade=true`}
        params=${{ name: p.code }} forbidden="form.forbidden" onDeleted=${() => {
          forget('processes', p.id);
          clearCache();
          setFlash(t('process.deleted', { name: p.code }));
          navigate('/processes');
        }} />`}
      ${tab === 'dependencies' && html`<${DependenciesTab} id=${id} mayWrite=${mayWrite} />`}
      ${tab === 'impact' && html`<${ImpactTab} id=${id} p=${p} key=${`${id}-${p.version}`} />`}
      ${tab === 'goals' && html`<${GoalsTab} id=${id} mayWrite=${mayWrite} />`}
      ${tab === 'assessments' && html`<${AssessmentsTab} id=${id} mayWrite=${mayWrite} />`}
      ${tab === 'targets' && html`<${TargetsTab} id=${id} mayWrite=${mayWrite} />`}
      ${tab === 'assets' && html`<${ProcessAssetsTab} id=${id} mayWrite=${mayWrite} />`}
      ${tab === 'history' && html`<${HistoryTab} id=${id} key=${`${id}-${p.version}`} />`}
    </section>`}
  </div>`;
}
