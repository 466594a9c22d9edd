// pages/process_form.js — the form of every Phase 1 field of a process, for editing
// (PATCH of the changed fields with the version edited) and for creating (POST).
// The API's field errors appear beside their fields and in a summary at the top;
// nothing typed is lost. When someone else saved first (409), their values are shown
// beside the user's, who may take their version or keep editing on top of it.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, localized } from '../i18n.js';
import { api, get, lookup, forget } from '../api.js';
import { NATURES, STATUSES, KINDS, useTitle } from '../components.js';
import { navigate } from '../router.js';
import { ErrorSummary, Field, ProcessPicker, fieldErrors, useChoices } from '../forms.js';

export const SOURCES = ['interview', 'survey', 'document', 'workshop'];

// type: text, textarea, enum (options, blank: may be unset), int, num, date, list
// (systems: "a; b" ⇄ ["a","b"]), process, unit, person. label: the field.* key.
const FIELDS = [
  { name: 'code', type: 'text', required: true },
  { name: 'name', type: 'text', required: true },
  { name: 'name_zh', type: 'text' },
  { name: 'kind', type: 'enum', options: KINDS, i18n: 'kind' },
  { name: 'nature', type: 'enum', options: NATURES, i18n: 'nature', blank: true },
  { name: 'status', type: 'enum', options: STATUSES, i18n: 'status' },
  { name: 'description', type: 'textarea', wide: true },
  { name: 'parent_id', type: 'process', label: 'parent' },
  { name: 'unit_id', type: 'unit', label: 'unit' },
  { name: 'owner_id', type: 'person', label: 'owner' },
  { name: 'change_authority', type: 'text' },
  { name: 'maturity', type: 'int', hint: 'form.hint.maturity' },
  { name: 'volume_per_year', type: 'int' },
  { name: 'staff_hours_per_year', type: 'num' },
  { name: 'annual_cost', type: 'num' },
  { name: 'source', type: 'enum', options: SOURCES, i18n: 'source', blank: true },
  { name: 'systems', type: 'list', wide: true, hint: 'form.hint.systems' },
  { name: 'pain_points', type: 'textarea', wide: true },
  { name: 'resources_needed', type: 'textarea', wide: true },
  { name: 'change_from', type: 'date' },
  { name: 'change_to', type: 'date' },
];
const BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

export function fieldLabel(name) {
  const f = BY_NAME.get(name);
  if (!f) return name;
  return t(`field.${f.label || f.name}`);
}

/* The form's text for each field of process P (or the defaults of a new one). */
function formOf(p) {
  const out = {};
  for (const f of FIELDS) {
    const v = p ? p[f.name] : null;
    if (f.type === 'list') out[f.name] = Array.isArray(v) ? v.join('; ') : '';
    else out[f.name] = v === null || v === undefined ? '' : String(v);
  }
  if (!p) { out.kind = 'process'; out.status = 'inventoried'; }
  return out;
}

/* The API's value of field F typed as S. A number that does not parse is sent as typed,
 * so that the server names the problem. */
function toApi(f, s) {
  const v = typeof s === 'string' ? s : '';
  switch (f.type) {
    case 'text': return v === '' && !f.required ? null : v;
    case 'list': {
      const items = v.split(';').map((x) => x.trim()).filter(Boolean);
      return items.length ? items : null;
    }
    case 'int':
    case 'num': {
      const x = v.trim();
      if (x === '') return null;
      return /^-?\d+(\.\d+)?$/.test(x) ? Number(x) : x;
    }
    case 'process':
    case 'unit':
    case 'person': return v === '' ? null : Number(v);
    default: return v === '' ? null : v;
  }
}

const same = (f, a, b) => JSON.stringify(toApi(f, a)) === JSON.stringify(toApi(f, b));

/* The fields of VALUES that differ from BASE, as API values. */
function changes(values, base) {
  const out = {};
  for (const f of FIELDS) if (!same(f, values[f.name], base[f.name])) out[f.name] = toApi(f, values[f.name]);
  return out;
}

/* A form value as the user reads it. */
function display(f, s, ctx, parent) {
  if (s === '' || s === null || s === undefined) return t('common.none');
  switch (f.type) {
    case 'enum': return t(`${f.i18n}.${s}`);
    case 'unit': {
      const u = ctx.unitById.get(Number(s));
      return u ? `${u.code} — ${localized(u, 'name')}` : `#${s}`;
    }
    case 'person': {
      const p = ctx.personById.get(Number(s));
      return p ? p.name : `#${s}`;
    }
    case 'process': return parent && String(parent.id) === s ? `${parent.code} ${localized(parent, 'name')}` : `#${s}`;
    default: return s;
  }
}

/* MODE is 'edit' (PROCESS given) or 'create'. ONSAVED(p) gets the stored process;
 * ONCANCEL leaves the form. */
export function ProcessForm({ mode, process, parent, onSaved, onCancel }) {
  const editing = mode === 'edit';
  const choices = useChoices();
  const [base, setBase] = useState(process || null);
  const [baseForm, setBaseForm] = useState(() => formOf(process));
  const [values, setValues] = useState(() => formOf(process));
  const [parentObj, setParentObj] = useState(parent || null);
  const [error, setError] = useState(null);
  const [conflict, setConflict] = useState(null);
  const [notice, setNotice] = useState('');
  const [saving, setSaving] = useState(false);
  const summaryRef = useRef(null);
  const conflictRef = useRef(null);
  const firstRef = useRef(null);
  const errors = fieldErrors(error);

  useEffect(() => { if (firstRef.current) firstRef.current.focus(); }, []);
  useEffect(() => { if (error && summaryRef.current) summaryRef.current.focus(); }, [error]);
  useEffect(() => { if (conflict && conflictRef.current) conflictRef.current.focus(); }, [conflict]);

  const set = (name, v) => setValues((old) => ({ ...old, [name]: v }));

  const onConflict = async () => {
    let theirs;
    try {
      theirs = await get(`/processes/${base.id}`);
    } catch (e) {
      setError(e);
      return;
    }
    const theirsForm = formOf(theirs);
    forget('processes', theirs.id);
    const theirParent = theirs.parent_id ? await lookup('processes', theirs.parent_id).catch(() => null) : null;
    const fields = FIELDS.filter((f) => !same(f, theirsForm[f.name], values[f.name])
      && (!same(f, theirsForm[f.name], baseForm[f.name]) || !same(f, values[f.name], baseForm[f.name])));
    setConflict({ theirs, theirsForm, theirParent, fields });
  };

  const onSubmit = async (ev) => {
    ev.preventDefault();
    if (saving) return;
    setNotice('');
    setSaving(true);
    try {
      let saved;
      if (editing) {
        const body = changes(values, baseForm);
        if (Object.keys(body).length === 0) { onSaved(null); return; }
        body.version = base.version;
        saved = await api('PATCH', `/processes/${base.id}`, body);
        forget('processes', base.id);
      } else {
        const body = {};
        for (const f of FIELDS) {
          const v = toApi(f, values[f.name]);
          if (v !== null || f.required) body[f.name] = v;
        }
        saved = await api('POST', '/processes', body);
      }
      setError(null);
      onSaved(saved);
    } catch (e) {
      if (editing && e.status === 409 && (e.errors.length === 0 || e.errors.some((x) => x.field === 'version'))) {
        setError(null);
        await onConflict();
      } else {
        setConflict(null);
        setError(e);
      }
    } finally {
      setSaving(false);
    }
  };

  // Their version replaces mine: the form shows what is stored now.
  const reloadTheirs = () => {
    const c = conflict;
    setBase(c.theirs);
    setBaseForm(c.theirsForm);
    setValues(c.theirsForm);
    setParentObj(c.theirParent);
    setConflict(null);
    setError(null);
    setNotice(t('form.conflict.reloaded'));
  };
  // Keep what I typed on top of their version: fields I changed keep my value, the
  // others take theirs; the next Save carries their version number.
  const keepEditing = () => {
    const c = conflict;
    const merged = {};
    for (const f of FIELDS) {
      merged[f.name] = same(f, values[f.name], baseForm[f.name]) ? c.theirsForm[f.name] : values[f.name];
    }
    if (same(BY_NAME.get('parent_id'), values.parent_id, baseForm.parent_id)) setParentObj(c.theirParent);
    setBase(c.theirs);
    setBaseForm(c.theirsForm);
    setValues(merged);
    setConflict(null);
    setNotice(t('form.conflict.kept', { version: c.theirs.version }));
  };

  const control = (f) => ({ id, invalid, describedBy }) => {
    const common = {
      id, name: f.name, 'aria-invalid': invalid, 'aria-describedby': describedBy,
      ref: f.name === 'code' ? firstRef : undefined,
    };
    const v = values[f.name];
    const onInput = (ev) => set(f.name, ev.target.value);
    switch (f.type) {
      case 'textarea':
        return html`<textarea ...${common} rows="3" value=${v} onInput=${onInput}></textarea>`;
      case 'enum':
        return html`<select ...${common} value=${v} onChange=${onInput}>
          ${f.blank && html`<option value="">${t('common.none')}</option>`}
          ${f.options.map((o) => html`<option value=${o}>${t(`${f.i18n}.${o}`)}</option>`)}
        </select>`;
      case 'unit':
        return html`<select ...${common} value=${v} onChange=${onInput}>
          <option value="">${t('common.none')}</option>
          ${v && !choices.unitById.has(Number(v)) && html`<option value=${v}>#${v}</option>`}
          ${choices.units.map(({ unit, depth }) => html`<option value=${String(unit.id)}>${'\u00a0\u00a0'.repeat(depth)}${unit.code} — ${localized(unit, 'name')}</option>`)}
        </select>`;
      case 'person':
        return html`<select ...${common} value=${v} onChange=${onInput}>
          <option value="">${t('common.none')}</option>
          ${v && !choices.personById.has(Number(v)) && html`<option value=${v}>#${v}</option>`}
          ${choices.people.map((p) => html`<option value=${String(p.id)}>${p.name}${p.title ? ` — ${p.title}` : ''}</option>`)}
        </select>`;
      case 'process':
        return html`<${ProcessPicker} id=${id} invalid=${invalid} describedBy=${describedBy}
          value=${v ? (parentObj && String(parentObj.id) === v ? parentObj : { id: Number(v), code: `#${v}`, name: '' }) : null}
          excludeId=${base ? base.id : undefined}
          onChange=${(p) => { setParentObj(p); set(f.name, p ? String(p.id) : ''); }} />`;
      case 'int':
      case 'num':
        return html`<input ...${common} type="text" inputmode=${f.type === 'int' ? 'numeric' : 'decimal'} value=${v} onInput=${onInput} />`;
      case 'date':
        return html`<input ...${common} type="date" value=${v} onInput=${onInput} />`;
      default:
        return html`<input ...${common} type="text" value=${v} onInput=${onInput} lang=${f.name === 'name_zh' ? 'zh' : undefined} />`;
    }
  };

  return html`<form class="process-form" novalidate onSubmit=${onSubmit} aria-label=${t(editing ? 'form.edit.title' : 'form.create.title')}>
    ${conflict && html`<article class="conflict" role="alert" tabindex="-1" ref=${conflictRef}>
      <h2>${t('form.conflict.title')}</h2>
      <p>${t('form.conflict.text', { version: conflict.theirs.version })}</p>
      ${conflict.fields.length > 0 ? html`<div class="table-wrap"><table class="conflict-table">
        <caption class="visually-hidden">${t('form.conflict.caption')}</caption>
        <thead><tr>
          <th scope="col">${t('form.conflict.field')}</th>
          <th scope="col">${t('form.conflict.theirs')}</th>
          <th scope="col">${t('form.conflict.yours')}</th>
        </tr></thead>
        <tbody>${conflict.fields.map((f) => html`<tr data-field=${f.name}>
          <th scope="row">${fieldLabel(f.name)}</th>
          <td class="theirs">${display(f, conflict.theirsForm[f.name], choices, conflict.theirParent)}</td>
          <td class="yours">${display(f, values[f.name], choices, parentObj)}</td>
        </tr>`)}</tbody>
      </table></div>` : html`<p>${t('form.conflict.no_difference')}</p>`}
      <div class="form-actions">
        <button type="button" class="secondary" onClick=${reloadTheirs}>${t('form.conflict.reload')}</button>
        <button type="button" onClick=${keepEditing}>${t('form.conflict.keep')}</button>
      </div>
    </article>`}
    <${ErrorSummary} error=${error} errors=${errors} fieldLabel=${fieldLabel} summaryRef=${summaryRef} />
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    <div class="form-grid">
      ${FIELDS.map((f) => html`<${Field} key=${f.name} name=${f.name} label=${fieldLabel(f.name) + (f.required ? ' *' : '')}
        error=${errors[f.name]} wide=${f.wide} hint=${f.hint ? t(f.hint) : ''} control=${control(f)} />`)}
    </div>
    <p class="muted"><small>${t('form.required')}</small></p>
    <div class="form-actions">
      <button type="submit" aria-busy=${saving ? 'true' : 'false'} disabled=${saving || !!conflict}>${t(editing ? 'form.save' : 'form.create')}</button>
      <button type="button" class="secondary outline" onClick=${onCancel}>${t('form.cancel')}</button>
      ${editing && base && html`<span class="muted">${t('form.editing_version', { version: base.version })}</span>`}
    </div>
  </form>`;
}

/* /processes/new: the create form; on success, the new process's page. */
export function NewProcessPage() {
  useTitle(t('form.create.title'));
  const onDone = (p) => navigate(p ? `/processes/${p.id}` : '/processes');
  return html`<section class="new-process">
    <nav aria-label=${t('process.breadcrumb')} class="breadcrumb"><a href="/processes">${t('nav.inventory')}</a></nav>
    <h1 tabindex="-1">${t('form.create.title')}</h1>
    <p class="lead">${t('form.create.intro')}</p>
    <${ProcessForm} mode="create" onSaved=${(p) => onDone(p)} onCancel=${() => onDone(null)} />
  </section>`;
}

