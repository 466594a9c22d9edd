// forms.js — pieces of the edit and create forms: who may write what (the role rules of
// docs/api.md, "Accounts", so the UI shows only what the role may do; the server still
// decides), a labelled field with the API's message beside it (aria-invalid,
// aria-describedby), the summary of errors at the top, the unit, person and goal
// selects, a process picker (a combobox whose listbox is driven by the keyboard) that
// searches GET /processes?q=…, and the one-line notice a page leaves for the next.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, localized } from './i18n.js';
import { allGoals, allPeople, allUnits, currentSession, get, query } from './api.js';

const role = () => {
  const s = currentSession();
  return s && s.user ? s.user.role : '';
};

/* Whether the logged-in role may create, change and delete units, people and goals:
 * admins and analysts. */
export function mayWriteReference() {
  const r = role();
  return r === 'admin' || r === 'analyst';
}

/* Whether the role may write process P (and the dependencies and goal links that touch
 * it): admins and analysts any; an owner those of their unit and its sub-units at any
 * depth (UNITS: every unit by id, for the parents; until it is known, only the unit
 * itself counts) and those they own; viewers none. Without P: whether the role may
 * create some process at all. */
export function mayWriteProcess(p, units) {
  const s = currentSession();
  const r = role();
  if (r === 'admin' || r === 'analyst') return true;
  if (r !== 'owner') return false;
  const scope = s.user.unit_id ?? null;
  const me = s.person_id ?? null;
  if (!p) return scope !== null || me !== null;
  if (me !== null && p.owner_id === me) return true;
  if (scope === null) return false;
  let x = p.unit_id ?? null;
  for (let steps = 0; x !== null && steps < 10000; steps++) {
    if (x === scope) return true;
    const u = units ? units.get(x) : null;
    x = u ? (u.parent_id ?? null) : null;
  }
  return false;
}

/* Every unit by id (what mayWriteProcess needs for an owner's sub-units), empty until
 * loaded. */
export function useUnitMap() {
  const [units, setUnits] = useState(new Map());
  useEffect(() => {
    let live = true;
    allUnits().then((list) => { if (live) setUnits(new Map(list.map((u) => [u.id, u]))); }, () => { /* stays empty */ });
    return () => { live = false; };
  }, []);
  return units;
}

let flash = '';
/* A notice for the page shown next (e.g. "Unit X saved." on the list after a save). */
export function setFlash(text) { flash = text; }
/* The notice left by setFlash, once. */
export function takeFlash() {
  const f = flash;
  flash = '';
  return f;
}

/* The API's field errors as {field: message}; messages for unknown fields as well. */
export function fieldErrors(error) {
  const out = {};
  if (!error || !error.errors) return out;
  for (const e of error.errors) {
    if (!e || !e.field) continue;
    out[e.field] = out[e.field] ? `${out[e.field]}; ${e.message}` : e.message;
  }
  return out;
}

/* The message of an error that is not about one field. */
export function errorText(error, forbidden = 'form.forbidden') {
  if (!error) return '';
  if (error.status === 0) return t('error.network');
  if (error.status === 403) return t(forbidden);
  if (error.status === 404) return t('error.not_found');
  return error.detail || error.message || String(error);
}

/* A labelled control, drawn by CONTROL({id, invalid, describedBy}) so that it carries
 * the id the label names, aria-invalid and aria-describedby (the error, the hint). */
export function Field({ name, label, error, hint, wide, control, prefix = 'f' }) {
  const id = `${prefix}-${name}`;
  const errId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : '';
  const describedBy = [error ? errId : '', hintId].filter(Boolean).join(' ') || undefined;
  return html`<div class=${`form-field${wide ? ' wide' : ''}${error ? ' has-error' : ''}`} data-field=${name}>
    <label for=${id}>${label}</label>
    ${control({ id, invalid: error ? 'true' : undefined, describedBy })}
    ${error && html`<small id=${errId} class="field-error">${error}</small>`}
    ${hint && html`<small id=${hintId} class="muted">${hint}</small>`}
  </div>`;
}

/* The top of a form after a failed save: what went wrong, each field error a link to
 * its field. FIELDLABEL(field) names a field. */
export function ErrorSummary({ error, errors, fieldLabel, prefix = 'f', summaryRef, forbidden }) {
  if (!error) return null;
  const list = Object.entries(errors || {});
  const focus = (ev, field) => {
    ev.preventDefault();
    const el = document.getElementById(`${prefix}-${field}`);
    if (el) el.focus();
  };
  return html`<div class="error-summary" role="alert" tabindex="-1" ref=${summaryRef}>
    <strong>${list.length ? t('form.errors.title', { count: list.length }) : t('form.failed')}</strong>
    ${list.length === 0 && html`<p>${errorText(error, forbidden)}</p>`}
    ${list.length > 0 && html`<ul>
      ${list.map(([f, msg]) => html`<li><a href=${`#${prefix}-${f}`} onClick=${(ev) => focus(ev, f)}>${fieldLabel(f)}</a>: ${msg}</li>`)}
    </ul>`}
  </div>`;
}

/* Rows with parent_id and code (units, goals) in tree order, each {unit, depth}. */
export function unitTree(units) {
  const children = new Map();
  for (const u of units) {
    const k = u.parent_id ?? 0;
    if (!children.has(k)) children.set(k, []);
    children.get(k).push(u);
  }
  for (const list of children.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  const out = [];
  const seen = new Set();
  const walk = (k, depth) => {
    for (const u of children.get(k) || []) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      out.push({ unit: u, depth });
      walk(u.id, depth + 1);
    }
  };
  walk(0, 0);
  for (const u of units) if (!seen.has(u.id)) out.push({ unit: u, depth: 0 });
  return out;
}

/* The rows for the selects, KINDS naming which lists to load ('units', 'people',
 * 'goals'): {units, people, goals (units and goals as {unit, depth} in tree order),
 * unitById, personById, goalById}; empty until loaded. */
export function useChoices(kinds = ['units', 'people']) {
  const [choices, setChoices] = useState({
    units: [], people: [], goals: [], unitById: new Map(), personById: new Map(), goalById: new Map(),
  });
  const want = kinds.join(',');
  useEffect(() => {
    let live = true;
    const load = (k, fn) => (want.includes(k) ? fn().catch(() => []) : Promise.resolve([]));
    Promise.all([load('units', allUnits), load('people', allPeople), load('goals', allGoals)]).then(([units, people, goals]) => {
      if (!live) return;
      setChoices({
        units: unitTree(units), people, goals: unitTree(goals),
        unitById: new Map(units.map((u) => [u.id, u])),
        personById: new Map(people.map((p) => [p.id, p])),
        goalById: new Map(goals.map((g) => [g.id, g])),
      });
    });
    return () => { live = false; };
  }, [want]);
  return choices;
}

/* A search box for a process with a listbox of up to 10 matches: type, ↓/↑ to move,
 * Enter to pick, Escape to close. VALUE is the chosen process (or null); ONCHANGE gets
 * the process picked (or null when cleared). */
export function ProcessPicker({ id, value, onChange, invalid, describedBy, excludeId, placeholder }) {
  const [text, setText] = useState('');
  const [items, setItems] = useState([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [busy, setBusy] = useState(false);
  const timer = useRef(0);
  const seq = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (q) => {
    clearTimeout(timer.current);
    if (!q.trim()) { setItems([]); setOpen(false); return; }
    timer.current = setTimeout(async () => {
      const n = ++seq.current;
      setBusy(true);
      try {
        const r = await get(`/processes${query({ q: q.trim(), limit: 10 })}`);
        if (n !== seq.current) return;
        const list = r.items.filter((p) => p.id !== excludeId);
        setItems(list);
        setActive(list.length ? 0 : -1);
        setOpen(true);
      } catch (_) {
        if (n === seq.current) { setItems([]); setOpen(true); }
      } finally {
        if (n === seq.current) setBusy(false);
      }
    }, 200);
  };
  const pick = (p) => {
    onChange(p);
    setText('');
    setItems([]);
    setOpen(false);
    setActive(-1);
  };
  const onKeyDown = (ev) => {
    if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      if (!open && items.length) setOpen(true);
      else setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (ev.key === 'Enter') {
      if (open && active >= 0 && items[active]) {
        ev.preventDefault();
        pick(items[active]);
      } else if (open) {
        ev.preventDefault();
      }
    } else if (ev.key === 'Escape') {
      if (open) { ev.preventDefault(); ev.stopPropagation(); setOpen(false); }
    }
  };
  const listId = `${id}-listbox`;
  const optId = (i) => `${id}-option-${i}`;
  return html`<div class="picker">
    ${value && html`<div class="picker-value">
      <span><span class="code">${value.code}</span> ${localized(value, 'name')}</span>
      <button type="button" class="secondary outline small" onClick=${() => onChange(null)}
        aria-label=${t('picker.clear_named', { name: value.code })}>${t('picker.clear')}</button>
    </div>`}
    <input id=${id} type="search" role="combobox" autocomplete="off" value=${text}
      placeholder=${placeholder || t('picker.placeholder')}
      aria-autocomplete="list" aria-expanded=${open ? 'true' : 'false'} aria-controls=${listId}
      aria-activedescendant=${open && active >= 0 ? optId(active) : undefined}
      aria-invalid=${invalid} aria-describedby=${describedBy} aria-busy=${busy ? 'true' : 'false'}
      onInput=${(ev) => { setText(ev.target.value); search(ev.target.value); }}
      onKeyDown=${onKeyDown}
      onBlur=${() => setTimeout(() => setOpen(false), 150)} />
    <ul id=${listId} role="listbox" class="picker-list" hidden=${!open} aria-label=${t('picker.results')}>
      ${open && items.length === 0 && html`<li class="muted picker-empty" role="presentation">${t('picker.none')}</li>`}
      ${items.map((p, i) => html`<li id=${optId(i)} role="option" aria-selected=${i === active ? 'true' : 'false'}
        data-id=${p.id} onMouseDown=${(ev) => { ev.preventDefault(); pick(p); }}>
        <span class="code">${p.code}</span> ${localized(p, 'name')}
      </li>`)}
    </ul>
  </div>`;
}
