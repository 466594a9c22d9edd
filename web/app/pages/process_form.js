// pages/process_form.js — the form of every Phase 1 field of a process, for editing and
// for creating, on the shared machinery of entity_form.js (field errors beside the
// fields, the 409 conflict flow), and the page that creates one.

import { html } from '/vendor/htm-preact.mjs';
import { t } from '../i18n.js';
import { currentSession, forget } from '../api.js';
import { NATURES, STATUSES, KINDS, ErrorBox, useTitle } from '../components.js';
import { navigate } from '../router.js';
import { mayWriteProcess } from '../forms.js';
import { EntityForm } from '../entity_form.js';

export const SOURCES = ['interview', 'survey', 'document', 'workshop'];

// label: the field.* key when it is not the name.
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
  { name: 'change_cost', type: 'num', hint: 'form.hint.change_cost' },
  { name: 'change_hours', type: 'num', hint: 'form.hint.change_hours' },
];
const BY_NAME = new Map(FIELDS.map((f) => [f.name, f]));

export function fieldLabel(name) {
  const f = BY_NAME.get(name);
  if (!f) return name;
  return t(`field.${f.label || f.name}`);
}

const PROCESS_FORM = {
  resource: 'processes',
  fields: FIELDS,
  label: fieldLabel,
  defaults: { kind: 'process', status: 'inventoried' },
  cls: 'process-form',
  msgs: {
    edit: 'form.edit.title', create: 'form.create.title', submit: 'form.create',
    conflictTitle: 'form.conflict.title', conflictText: 'form.conflict.text', forbidden: 'form.forbidden',
  },
};

/* MODE is 'edit' (PROCESS given, PARENT its parent process) or 'create' (INITIAL: form
 * values to start from). ONSAVED(p) gets the stored process; ONCANCEL leaves the form. */
export function ProcessForm({ mode, process, parent, initial, onSaved, onCancel }) {
  const saved = (p) => {
    if (p) forget('processes', p.id);
    onSaved(p);
  };
  return html`<${EntityForm} cfg=${PROCESS_FORM} mode=${mode} row=${process} initial=${initial}
    picked=${{ parent_id: parent || null }} onSaved=${saved} onCancel=${onCancel} />`;
}

/* /processes/new: the create form; on success, the new process's page. A process
 * owner starts in their unit (or as the owner, without one). */
export function NewProcessPage() {
  useTitle(t('form.create.title'));
  const onDone = (p) => navigate(p ? `/processes/${p.id}` : '/processes');
  const s = currentSession();
  let initial;
  if (s && s.user.role === 'owner') {
    if (s.user.unit_id) initial = { unit_id: String(s.user.unit_id) };
    else if (s.person_id) initial = { owner_id: String(s.person_id) };
  }
  return html`<section class="new-process">
    <nav aria-label=${t('process.breadcrumb')} class="breadcrumb"><a href="/processes">${t('nav.inventory')}</a></nav>
    <h1 tabindex="-1">${t('form.create.title')}</h1>
    ${mayWriteProcess(null) ? html`
      <p class="lead">${t('form.create.intro')}</p>
      <${ProcessForm} mode="create" initial=${initial} onSaved=${(p) => onDone(p)} onCancel=${() => onDone(null)} />`
    : html`<${ErrorBox} error=${{ status: 403 }} />`}
  </section>`;
}
