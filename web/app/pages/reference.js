// pages/reference.js — create, edit and delete units, people and goals (the rows the
// processes refer to), on the shared form of entity_form.js. Routes: /units/new,
// /units/{id}/edit, and the same under /people and /goals; ?next= is the list to go
// back to (with its search), where a notice says what was done. Only admins and
// analysts write these rows (forms.js, mayWriteReference); others get the page's
// "not allowed" message instead of a form. After every write the cached lists are
// cleared, so the selects and names elsewhere show the new values.

import { html } from '/vendor/htm-preact.mjs';
import { t, localized } from '../i18n.js';
import { clearCache, get } from '../api.js';
import { ErrorBox, Loading, useAsync, useTitle } from '../components.js';
import { navigate, safeNext, urlWith } from '../router.js';
import { mayWriteReference, setFlash } from '../forms.js';
import { DeleteSection, EntityForm } from '../entity_form.js';

export const UNIT_KINDS = ['sector', 'bureau', 'department', 'division', 'unit'];
export const FRAMEWORKS = ['strategic_plan', 'connect_2030', 'internal'];

/* Each entity: its API resource and list path, its fields (entity_form.js) with the
 * i18n key of each label, the name a row is called by, and the prefix of its own
 * messages (units.new.title, units.saved, …). */
const KINDS = {
  units: {
    fields: [
      { name: 'code', type: 'text', required: true, hint: 'form.hint.code' },
      { name: 'name', type: 'text', required: true },
      { name: 'name_zh', type: 'text' },
      { name: 'kind', type: 'enum', options: UNIT_KINDS, i18n: 'unit_kind', required: true, blank: true },
      { name: 'parent_id', type: 'unit' },
    ],
    labels: { code: 'field.code', name: 'field.name', name_zh: 'field.name_zh', kind: 'field.kind', parent_id: 'units.col.parent' },
    name: (u) => u.code,
  },
  people: {
    fields: [
      { name: 'name', type: 'text', required: true },
      { name: 'email', type: 'email', required: true },
      { name: 'unit_id', type: 'unit' },
      { name: 'title', type: 'text' },
      { name: 'weekly_capacity_hours', type: 'num', hint: 'people.hint.capacity' },
    ],
    labels: { name: 'field.name', email: 'people.col.email', unit_id: 'field.unit', title: 'people.col.title', weekly_capacity_hours: 'people.field.capacity' },
    name: (p) => p.name,
  },
  goals: {
    fields: [
      { name: 'code', type: 'text', required: true, hint: 'form.hint.code' },
      { name: 'title', type: 'text', required: true, wide: true },
      { name: 'title_zh', type: 'text', wide: true },
      { name: 'framework', type: 'enum', options: FRAMEWORKS, i18n: 'goal.framework', required: true, blank: true },
      { name: 'parent_id', type: 'goal' },
    ],
    labels: { code: 'field.code', title: 'goals.field.title', title_zh: 'goals.field.title_zh', framework: 'goal.framework', parent_id: 'goals.col.parent' },
    name: (g) => g.code,
  },
};

function formCfg(kind) {
  const k = KINDS[kind];
  return {
    resource: kind,
    fields: k.fields,
    label: (name) => (k.labels[name] ? t(k.labels[name]) : name),
    cls: `${kind}-form`,
    msgs: {
      edit: `${kind}.edit.label`, create: `${kind}.new.title`, submit: `${kind}.create`,
      conflictTitle: `${kind}.conflict.title`, conflictText: 'form.conflict.text_row', forbidden: `${kind}.forbidden`,
    },
  };
}
const CFGS = Object.fromEntries(Object.keys(KINDS).map((k) => [k, formCfg(k)]));

/* The list to return to: ?next= when it is that list, else the list itself. */
function backTo(kind, loc) {
  const next = loc.query.get('next');
  const path = `/${kind}`;
  const safe = next ? safeNext(next) : '';
  return safe === path || safe.startsWith(`${path}?`) ? safe : path;
}

function Breadcrumb({ kind, back }) {
  return html`<nav aria-label=${t('process.breadcrumb')} class="breadcrumb">
    <a href="/processes">${t('nav.inventory')}</a><span aria-hidden="true"> › </span><a href=${back}>${t(`${kind}.title`)}</a>
  </nav>`;
}

/* /units/new, /people/new, /goals/new. */
export function NewReferencePage({ kind, loc }) {
  const title = t(`${kind}.new.title`);
  useTitle(title);
  const back = backTo(kind, loc);
  const onSaved = (row) => {
    clearCache();
    setFlash(t(`${kind}.created`, { name: KINDS[kind].name(row) }));
    navigate(back);
  };
  return html`<section class=${`reference-page ${kind}-new`}>
    <${Breadcrumb} kind=${kind} back=${back} />
    <h1 tabindex="-1">${title}</h1>
    ${mayWriteReference() ? html`
      <p class="lead">${t(`${kind}.new.intro`)}</p>
      <${EntityForm} cfg=${CFGS[kind]} mode="create" onSaved=${onSaved} onCancel=${() => navigate(back)} />`
    : html`<${ErrorBox} error=${{ status: 403 }} />`}
  </section>`;
}

/* /units/{id}/edit, /people/{id}/edit, /goals/{id}/edit: the form and Delete. */
export function EditReferencePage({ kind, id, loc }) {
  const { data: row, error } = useAsync(() => get(`/${kind}/${id}`), [kind, id]);
  const name = row ? KINDS[kind].name(row) : '';
  const title = row ? t(`${kind}.edit.title`, { name }) : t(`${kind}.edit.label`);
  useTitle(title);
  const back = backTo(kind, loc);
  const allowed = mayWriteReference();

  let body;
  if (!allowed) body = html`<${ErrorBox} error=${{ status: 403 }} />`;
  else if (error) body = html`<${ErrorBox} error=${error} /><p><a href=${back}>${t(`${kind}.back`)}</a></p>`;
  else if (!row || row.id !== id) body = html`<${Loading} />`;
  else {
    const onSaved = (saved) => {
      if (saved) clearCache();
      setFlash(saved ? t(`${kind}.saved`, { name: KINDS[kind].name(saved), version: saved.version }) : t('form.unchanged'));
      navigate(back);
    };
    const onDeleted = () => {
      clearCache();
      setFlash(t(`${kind}.deleted`, { name }));
      navigate(back);
    };
    body = html`
      ${kind === 'units' && html`<p><a href=${urlWith('/processes', { unit_id: row.id })}>${t('units.processes_of', { code: row.code })}</a></p>`}
      <${EntityForm} key=${`${kind}-${row.id}`} cfg=${CFGS[kind]} mode="edit" row=${row} onSaved=${onSaved}
        onCancel=${() => navigate(back)} />
      <${DeleteSection} prefix=${kind} path=${`/${kind}/${row.id}`} params=${{ name }} onDeleted=${onDeleted} />`;
  }
  return html`<section class=${`reference-page ${kind}-edit`}>
    <${Breadcrumb} kind=${kind} back=${back} />
    <h1 tabindex="-1">${!row || row.id !== id ? title
      : kind === 'people' ? row.name
      : html`<span class="code">${name}</span> ${localized(row, kind === 'goals' ? 'title' : 'name')}`}</h1>
    ${body}
  </section>`;
}
