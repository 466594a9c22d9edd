// entity_form.js — the edit and create form of any inventory row (process, unit, person,
// goal), described by a list of fields, and the delete button with its confirmation.
// Editing sends a PATCH of the changed fields with the version edited; creating a POST.
// The API's field errors appear beside their fields and in a summary at the top;
// nothing typed is lost. When someone else saved first (409), their values are shown
// beside the user's, who may take their version or keep editing on top of it. A delete
// that other rows still block (409) lists those rows, with links where they have a page.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, localized } from './i18n.js';
import { api, get, lookup } from './api.js';
import { ErrorSummary, Field, ProcessPicker, errorText, fieldErrors, useChoices } from './forms.js';

/* Field descriptors: {name, type, required, wide, hint (i18n key), label (the field.*
 * key, default the name), options + i18n (enum: the values and their key prefix), blank
 * (an enum that may be unset)}. Types: text, email, textarea, enum, int, num, date,
 * list (systems: "a; b" ⇄ ["a","b"]), process (a picker), unit, person, goal (selects;
 * a unit or goal select leaves out the row itself and what lies below it), bool (a
 * switch: "true" ⇄ true, anything else false). */

const REFS = { unit: 'units', person: 'people', goal: 'goals' };

/* The form's text for each of FIELDS of ROW (or DEFAULTS for a new one). */
export function formOf(fields, row, defaults) {
  const out = {};
  for (const f of fields) {
    const v = row ? row[f.name] : null;
    if (f.type === 'list') out[f.name] = Array.isArray(v) ? v.join('; ') : '';
    else if (f.type === 'bool') out[f.name] = v === true ? 'true' : 'false';
    else out[f.name] = v === null || v === undefined ? '' : String(v);
  }
  if (!row && defaults) Object.assign(out, defaults);
  return out;
}

/* The API's value of field F typed as S. A number that does not parse is sent as typed,
 * so that the server names the problem. */
function toApi(f, s) {
  const v = typeof s === 'string' ? s : '';
  switch (f.type) {
    case 'text':
    case 'email':
    case 'textarea': return v === '' && !f.required ? null : v;
    case 'bool': return v === 'true';
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
    case 'person':
    case 'goal': return v === '' ? null : Number(v);
    default: return v === '' ? null : v;
  }
}

const same = (f, a, b) => JSON.stringify(toApi(f, a)) === JSON.stringify(toApi(f, b));

/* The fields of VALUES that differ from BASE, as API values. */
function changes(fields, values, base) {
  const out = {};
  for (const f of fields) if (!same(f, values[f.name], base[f.name])) out[f.name] = toApi(f, values[f.name]);
  return out;
}

/* A form value as the user reads it. PICKED holds the rows chosen in pickers. */
function display(f, s, ctx, picked) {
  if (s === '' || s === null || s === undefined) return t('common.none');
  switch (f.type) {
    case 'enum': return t(`${f.i18n}.${s}`);
    case 'bool': return t(s === 'true' ? 'history.yes' : 'history.no');
    case 'unit': {
      const u = ctx.unitById.get(Number(s));
      return u ? `${u.code} — ${localized(u, 'name')}` : `#${s}`;
    }
    case 'goal': {
      const g = ctx.goalById.get(Number(s));
      return g ? `${g.code} — ${localized(g, 'title')}` : `#${s}`;
    }
    case 'person': {
      const p = ctx.personById.get(Number(s));
      return p ? p.name : `#${s}`;
    }
    case 'process': {
      const p = picked[f.name];
      return p && String(p.id) === s ? `${p.code} ${localized(p, 'name')}` : `#${s}`;
    }
    default: return s;
  }
}

/* The rows of a {unit, depth} tree but ID and what lies below it (a row cannot be
 * its own parent, nor below itself). */
function withoutSubtree(tree, id) {
  if (id === undefined || id === null) return tree;
  const out = [];
  let skipDepth = -1;
  for (const e of tree) {
    if (skipDepth >= 0 && e.depth > skipDepth) continue;
    skipDepth = -1;
    if (e.unit.id === id) { skipDepth = e.depth; continue; }
    out.push(e);
  }
  return out;
}

/* One entity's form. CFG: resource (the API's), fields, label(name) (a field's label),
 * defaults (a new row's form values), fixed (values every new row gets that the form
 * does not show, e.g. the process a KPI belongs to), cls (the form's class), msgs: {edit, create
 * (the form's accessible names), submit (the create button), conflictTitle,
 * conflictText, forbidden} as i18n keys. MODE is 'edit' (ROW given) or 'create'
 * (INITIAL: form values to start from). PICKED: {field: row} for the process pickers'
 * current rows. ONSAVED(row) gets the stored row (null when nothing changed); ONCANCEL
 * leaves the form. */
export function EntityForm({ cfg, mode, row, initial, picked: pickedIn, onSaved, onCancel }) {
  const { fields } = cfg;
  const editing = mode === 'edit';
  const choices = useChoices([...new Set(fields.map((f) => REFS[f.type]).filter(Boolean))]);
  const [base, setBase] = useState(row || null);
  const [baseForm, setBaseForm] = useState(() => formOf(fields, row, cfg.defaults));
  const [values, setValues] = useState(() => ({ ...formOf(fields, row, cfg.defaults), ...(row ? {} : initial || {}) }));
  const [picked, setPicked] = useState(pickedIn || {});
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
      theirs = await get(`/${cfg.resource}/${base.id}`);
    } catch (e) {
      setError(e);
      return;
    }
    const theirsForm = formOf(fields, theirs);
    // Their rows of the pickers, so that the table names them.
    const theirPicked = {};
    for (const f of fields) {
      if (f.type !== 'process' || !theirs[f.name]) continue;
      theirPicked[f.name] = await lookup('processes', theirs[f.name]).catch(() => null);
    }
    const differing = fields.filter((f) => !same(f, theirsForm[f.name], values[f.name])
      && (!same(f, theirsForm[f.name], baseForm[f.name]) || !same(f, values[f.name], baseForm[f.name])));
    setConflict({ theirs, theirsForm, theirPicked, fields: differing });
  };

  const onSubmit = async (ev) => {
    ev.preventDefault();
    if (saving) return;
    setNotice('');
    setSaving(true);
    try {
      let saved;
      if (editing) {
        const body = changes(fields, values, baseForm);
        if (Object.keys(body).length === 0) { onSaved(null); return; }
        body.version = base.version;
        saved = await api('PATCH', `/${cfg.resource}/${base.id}`, body);
      } else {
        const body = { ...(cfg.fixed || {}) };
        for (const f of fields) {
          const v = toApi(f, values[f.name]);
          if (v !== null || f.required) body[f.name] = v;
        }
        saved = await api('POST', `/${cfg.resource}`, body);
      }
      setError(null);
      onSaved(saved);
    } catch (e) {
      // A stale version (not a duplicate code, which names its field): show theirs.
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
    setPicked(c.theirPicked);
    setConflict(null);
    setError(null);
    setNotice(t('form.conflict.reloaded'));
  };
  // Keep what I typed on top of their version: fields I changed keep my value, the
  // others take theirs; the next Save carries their version number.
  const keepEditing = () => {
    const c = conflict;
    const merged = {};
    const nextPicked = { ...picked };
    for (const f of fields) {
      const mine = !same(f, values[f.name], baseForm[f.name]);
      merged[f.name] = mine ? values[f.name] : c.theirsForm[f.name];
      if (f.type === 'process' && !mine) nextPicked[f.name] = c.theirPicked[f.name] || null;
    }
    setPicked(nextPicked);
    setBase(c.theirs);
    setBaseForm(c.theirsForm);
    setValues(merged);
    setConflict(null);
    setNotice(t('form.conflict.kept', { version: c.theirs.version }));
  };

  const selfId = base ? base.id : undefined;
  const control = (f) => ({ id, invalid, describedBy }) => {
    const common = {
      id, name: f.name, 'aria-invalid': invalid, 'aria-describedby': describedBy,
      ref: f === fields[0] ? firstRef : undefined,
    };
    const v = values[f.name];
    const onInput = (ev) => set(f.name, ev.target.value);
    const none = html`<option value="">${t('common.none')}</option>`;
    switch (f.type) {
      case 'textarea':
        return html`<textarea ...${common} rows="3" value=${v} onInput=${onInput}></textarea>`;
      case 'bool':
        return html`<input ...${common} type="checkbox" role="switch" checked=${v === 'true'}
          onChange=${(ev) => set(f.name, ev.target.checked ? 'true' : 'false')} />`;
      case 'enum':
        return html`<select ...${common} value=${v} onChange=${onInput}>
          ${f.blank && html`<option value="">${f.required ? t('form.choose') : t('common.none')}</option>`}
          ${f.options.map((o) => html`<option value=${o}>${t(`${f.i18n}.${o}`)}</option>`)}
        </select>`;
      case 'unit':
      case 'goal': {
        const isUnit = f.type === 'unit';
        const known = isUnit ? choices.unitById : choices.goalById;
        let tree = isUnit ? choices.units : choices.goals;
        if (f.name === 'parent_id' && REFS[f.type] === cfg.resource) tree = withoutSubtree(tree, selfId);
        return html`<select ...${common} value=${v} onChange=${onInput}>
          ${none}
          ${v && !known.has(Number(v)) && html`<option value=${v}>#${v}</option>`}
          ${tree.map(({ unit: r, depth }) => html`<option value=${String(r.id)}>${'\u00a0\u00a0'.repeat(depth)}${r.code} — ${localized(r, isUnit ? 'name' : 'title')}</option>`)}
        </select>`;
      }
      case 'person':
        return html`<select ...${common} value=${v} onChange=${onInput}>
          ${none}
          ${v && !choices.personById.has(Number(v)) && html`<option value=${v}>#${v}</option>`}
          ${choices.people.map((p) => html`<option value=${String(p.id)}>${p.name}${p.title ? ` — ${p.title}` : ''}</option>`)}
        </select>`;
      case 'process': {
        const cur = picked[f.name];
        return html`<${ProcessPicker} id=${id} invalid=${invalid} describedBy=${describedBy}
          value=${v ? (cur && String(cur.id) === v ? cur : { id: Number(v), code: `#${v}`, name: '' }) : null}
          excludeId=${selfId}
          onChange=${(p) => { setPicked((old) => ({ ...old, [f.name]: p })); set(f.name, p ? String(p.id) : ''); }} />`;
      }
      case 'int':
      case 'num':
        return html`<input ...${common} type="text" inputmode=${f.type === 'int' ? 'numeric' : 'decimal'} value=${v} onInput=${onInput} />`;
      case 'date':
        return html`<input ...${common} type="date" value=${v} onInput=${onInput} />`;
      case 'email':
        return html`<input ...${common} type="email" autocomplete="off" value=${v} onInput=${onInput} />`;
      default:
        return html`<input ...${common} type="text" value=${v} onInput=${onInput} lang=${/_zh$/.test(f.name) ? 'zh' : undefined} />`;
    }
  };

  const m = cfg.msgs;
  return html`<form class=${`entity-form ${cfg.cls || ''}`} novalidate onSubmit=${onSubmit} aria-label=${t(editing ? m.edit : m.create)}>
    ${conflict && html`<article class="conflict" role="alert" tabindex="-1" ref=${conflictRef}>
      <h2>${t(m.conflictTitle)}</h2>
      <p>${t(m.conflictText, { version: conflict.theirs.version })}</p>
      ${conflict.fields.length > 0 ? html`<div class="table-wrap"><table class="conflict-table">
        <caption class="visually-hidden">${t('form.conflict.caption')}</caption>
        <thead><tr>
          <th scope="col">${t('form.conflict.field')}</th>
          <th scope="col">${t('form.conflict.theirs')}</th>
          <th scope="col">${t('form.conflict.yours')}</th>
        </tr></thead>
        <tbody>${conflict.fields.map((f) => html`<tr data-field=${f.name}>
          <th scope="row">${cfg.label(f.name)}</th>
          <td class="theirs">${display(f, conflict.theirsForm[f.name], choices, conflict.theirPicked)}</td>
          <td class="yours">${display(f, values[f.name], choices, picked)}</td>
        </tr>`)}</tbody>
      </table></div>` : html`<p>${t('form.conflict.no_difference')}</p>`}
      <div class="form-actions">
        <button type="button" class="secondary" onClick=${reloadTheirs}>${t('form.conflict.reload')}</button>
        <button type="button" onClick=${keepEditing}>${t('form.conflict.keep')}</button>
      </div>
    </article>`}
    <${ErrorSummary} error=${error} errors=${errors} fieldLabel=${cfg.label} summaryRef=${summaryRef} forbidden=${m.forbidden} />
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    <div class="form-grid">
      ${fields.map((f) => html`<${Field} key=${f.name} name=${f.name} label=${cfg.label(f.name) + (f.required ? ' *' : '')}
        error=${errors[f.name]} wide=${f.wide} hint=${f.hint ? t(f.hint) : ''} control=${control(f)} />`)}
    </div>
    ${fields.some((f) => f.required) && html`<p class="muted"><small>${t('form.required')}</small></p>`}
    <div class="form-actions">
      <button type="submit" aria-busy=${saving ? 'true' : 'false'} disabled=${saving || !!conflict}>${t(editing ? 'form.save' : m.submit)}</button>
      <button type="button" class="secondary outline" onClick=${onCancel}>${t('form.cancel')}</button>
      ${editing && base && html`<span class="muted">${t('form.editing_version', { version: base.version })}</span>`}
    </div>
  </form>`;
}

// Where a row that blocks a delete has a page of its own.
const DEPENDENT_PAGES = {
  processes: (id) => `/processes/${id}`,
  units: (id) => `/units/${id}/edit`,
  people: (id) => `/people/${id}/edit`,
  goals: (id) => `/goals/${id}/edit`,
};
// The groups of the dependents list, in this order; others follow under their name.
const DEPENDENT_ORDER = ['units', 'people', 'goals', 'processes', 'dependencies', 'process_goals', 'users'];

/* The rows that still refer to the row being deleted (the 409's dependents), grouped by
 * what they are, each a link where it has a page. */
export function DependentsList({ dependents }) {
  const groups = new Map();
  for (const d of dependents) {
    if (!groups.has(d.entity)) groups.set(d.entity, []);
    groups.get(d.entity).push(d);
  }
  const order = [...groups.keys()].sort((a, b) => {
    const ia = DEPENDENT_ORDER.indexOf(a);
    const ib = DEPENDENT_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return html`<div class="dependents">
    ${order.map((entity) => {
      const list = groups.get(entity);
      const key = `dependents.${entity}`;
      const named = t(key, { count: list.length });
      const heading = named !== key ? named : `${entity} (${list.length})`;
      const page = DEPENDENT_PAGES[entity];
      return html`<section class="dependents-group" data-entity=${entity}>
        <h3>${heading}</h3>
        <ul>${list.map((d) => html`<li data-id=${d.id}>${page
          ? html`<a href=${page(d.id)}>${d.label}</a>`
          : html`<span>${d.label}</span>`}</li>`)}</ul>
      </section>`;
    })}
  </div>`;
}

/* A Delete button that asks once (saying what will happen) before DELETE PATH. When
 * other rows still refer to the row (409), lists them and deletes nothing. MSGS:
 * {button, question, explain, confirm, blocked, forbidden} i18n keys, PARAMS their
 * values; ONDELETED() after the delete. */
export function DeleteControl({ path, msgs, params, onDeleted }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const panelRef = useRef(null);
  const buttonRef = useRef(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if ((asking || error) && panelRef.current) panelRef.current.focus();
    else if (wasAsking.current && buttonRef.current) buttonRef.current.focus();
    wasAsking.current = asking || !!error;
  }, [asking, error]);

  const onDelete = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await api('DELETE', path);
      setAsking(false);
      onDeleted();
    } catch (e) {
      setAsking(false);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const dependents = error && Array.isArray(error.dependents) ? error.dependents : [];
  const onKeyDown = (ev) => {
    if (ev.key === 'Escape') { ev.preventDefault(); setAsking(false); setError(null); }
  };
  return html`<div class="delete-control">
    ${!asking && html`<button type="button" class="secondary delete-button" ref=${buttonRef}
      onClick=${() => { setError(null); setAsking(true); }}>${t(msgs.button)}</button>`}
    ${asking && html`<div class="delete-confirm" role="alertdialog" aria-labelledby="delete-question"
      aria-describedby="delete-explain" tabindex="-1" ref=${panelRef} onKeyDown=${onKeyDown}>
      <p id="delete-question"><strong>${t(msgs.question, params)}</strong></p>
      <p id="delete-explain">${t(msgs.explain, params)}</p>
      <div class="form-actions">
        <button type="button" class="danger" aria-busy=${busy ? 'true' : 'false'} disabled=${busy} onClick=${onDelete}>${t(msgs.confirm, params)}</button>
        <button type="button" class="secondary outline" onClick=${() => setAsking(false)}>${t('form.cancel')}</button>
      </div>
    </div>`}
    ${error && html`<div class="error-summary delete-blocked" role="alert" tabindex="-1" ref=${panelRef}>
      ${dependents.length > 0 ? html`
        <strong>${t(msgs.blocked, { ...params, count: dependents.length })}</strong>
        <p>${t('dependents.explain')}</p>
        <${DependentsList} dependents=${dependents} />`
      : html`<strong>${t('delete.failed')}</strong><p>${errorText(error, msgs.forbidden)}</p>`}
    </div>`}
  </div>`;
}

/* The foot of a row's page where the row is deleted: a heading and DeleteControl (PATH,
 * PARAMS, ONDELETED as there). PREFIX names the texts PREFIX.delete.title, .button,
 * .question, .explain, .confirm and .blocked; EXPLAIN replaces .explain (a key),
 * FORBIDDEN is the key of the message for a role that may not (default
 * PREFIX.forbidden). */
export function DeleteSection({ prefix, path, params, explain, forbidden, onDeleted }) {
  const key = (k) => `${prefix}.delete.${k}`;
  return html`<section class="danger-zone" aria-labelledby="delete-title">
    <h2 id="delete-title">${t(key('title'))}</h2>
    <${DeleteControl} path=${path} params=${params} onDeleted=${onDeleted} msgs=${{
      button: key('button'), question: key('question'), explain: explain || key('explain'),
      confirm: key('confirm'), blocked: key('blocked'), forbidden: forbidden || `${prefix}.forbidden`,
    }} />
  </section>`;
}
