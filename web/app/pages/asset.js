// pages/asset.js — one information asset (Governance area): its code and name, a
// summary strip of key facts (classification, owner, steward, retention and when it
// falls due), then tabs (?tab=): every field, where it is kept (its copies, with a
// warning when none is a backup), the processes that create, use, update or publish
// it, the findings the governance rules raise about it, and its history. Roles that
// may write the asset (asset_parts.js, mayWriteAsset) get Edit (the form of
// entity_form.js in place of the summary and tabs), the copy forms and Delete; links
// to processes follow the processes' rule (mayWriteProcess). /assets/new creates one.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, formatDate, formatDateTime, formatNumber, localized } from '../i18n.js';
import { api, currentSession, forget, get, lookup, query } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { ErrorBox, ItemTitle, Loading, NatureTag, orNone, useAsync, useTitle } from '../components.js';
import {
  Field, ProcessPicker, errorText, fieldErrors, mayWriteProcess, setFlash, takeFlash, useChoices, useUnitMap,
} from '../forms.js';
import { DeleteControl, DeleteSection, EntityForm } from '../entity_form.js';
import { HistoryList } from '../history.js';
import { AddLinkForm, LinksTable, RemoveLink } from './asset_links.js';
import {
  ASSET_KINDS, CLASSIFICATIONS, COPY_KINDS, DISPOSITIONS, FIX_TAB, LIFECYCLES, MEDIA, TRIGGERS,
  AssetLink, ClassificationBadge, SeverityBadge, YesNo, dueDate, mayWriteAsset, retentionText, todayYmd,
} from './asset_parts.js';

const TABS = ['details', 'copies', 'processes', 'findings', 'history'];

// The form of an asset (entity_form.js): every field, enumerations as selects, the
// owner and steward as the person and unit selects of the process form.
const FIELDS = [
  { name: 'code', type: 'text', required: true, hint: 'form.hint.code' },
  { name: 'name', type: 'text', required: true },
  { name: 'name_zh', type: 'text' },
  { name: 'kind', type: 'enum', options: ASSET_KINDS, i18n: 'asset.kind', required: true, blank: true },
  { name: 'classification', type: 'enum', options: CLASSIFICATIONS, i18n: 'asset.classification' },
  { name: 'lifecycle', type: 'enum', options: LIFECYCLES, i18n: 'asset.lifecycle' },
  { name: 'description', type: 'textarea', wide: true },
  { name: 'owner_id', type: 'person' },
  { name: 'steward_unit_id', type: 'unit' },
  { name: 'medium', type: 'enum', options: MEDIA, i18n: 'asset.medium' },
  { name: 'personal_data', type: 'bool', hint: 'asset.hint.personal_data' },
  { name: 'critical', type: 'bool', hint: 'asset.hint.critical' },
  { name: 'last_reviewed', type: 'date' },
  { name: 'retention_years', type: 'int', hint: 'asset.hint.retention_years' },
  { name: 'retention_trigger', type: 'enum', options: TRIGGERS, i18n: 'asset.trigger_name', blank: true },
  { name: 'disposition', type: 'enum', options: DISPOSITIONS, i18n: 'asset.disposition', blank: true },
  { name: 'retention_from', type: 'date', hint: 'asset.hint.retention_from' },
  { name: 'legal_basis', type: 'text' },
];

const ASSET_FORM = {
  resource: 'assets',
  fields: FIELDS,
  label: (name) => t(`asset.field.${name}`),
  defaults: { classification: 'internal', lifecycle: 'process', medium: 'digital' },
  cls: 'asset-form',
  msgs: {
    edit: 'asset.form.edit', create: 'asset.new.title', submit: 'asset.form.create',
    conflictTitle: 'asset.conflict.title', conflictText: 'form.conflict.text_row', forbidden: 'asset.forbidden',
  },
};

/* The asset, its owner and steward, its copies, its links to processes (each with its
 * process) and its findings. */
async function loadAsset(id) {
  const a = await get(`/assets/${id}`);
  const [owner, steward, copies, links, findings] = await Promise.all([
    lookup('people', a.owner_id), lookup('units', a.steward_unit_id),
    get(`/assets/${id}/copies${query({ limit: 1000 })}`),
    get(`/assets/${id}/processes${query({ limit: 1000 })}`),
    get('/governance/findings'),
  ]);
  const linkRows = await Promise.all(links.items.map(async (l) => ({ l, p: await lookup('processes', l.process_id) })));
  return { a, owner, steward, copies: copies.items, links: linkRows, findings: findings.items.filter((f) => f.asset.id === id) };
}

function Summary({ a, owner, steward }) {
  const item = (key, value, cls) => html`<div class=${cls}><dt>${t(`asset.field.${key}`)}</dt><dd>${value}</dd></div>`;
  const retention = retentionText(a);
  return html`<dl class="summary-strip asset-summary">
    ${item('kind', t(`asset.kind.${a.kind}`))}
    ${item('classification', html`<${ClassificationBadge} value=${a.classification} />`)}
    ${item('owner_id', owner ? owner.name : html`<span class="missing">${t('asset.no_owner')}</span>`)}
    ${item('steward_unit_id', steward ? html`<span title=${localized(steward, 'name')}><span class="code">${steward.code}</span></span>` : orNone(null))}
    ${item('lifecycle', t(`asset.lifecycle.${a.lifecycle}`))}
    ${item('medium', t(`asset.medium.${a.medium}`))}
    ${item('personal_data', html`<${YesNo} value=${a.personal_data} />`)}
    ${item('critical', html`<${YesNo} value=${a.critical} />`)}
    ${item('retention', retention || orNone(null), 'wide')}
    ${item('last_reviewed', a.last_reviewed ? formatDate(a.last_reviewed) : html`<span class="missing">${t('asset.never_reviewed')}</span>`)}
  </dl>`;
}

/* One finding: severity, rule, the server's text and hint (English), and where it is
 * fixed (FIX: the link, on this page or from the findings list). */
export function FindingItem({ f, fix, process }) {
  return html`<li class=${`finding finding-${f.severity}`} data-rule=${f.rule}>
    <div class="finding-head">
      <${SeverityBadge} value=${f.severity} />
      <strong>${t(`governance.rule.${f.rule}`)}</strong>
      ${f.due && html`<span class="muted">${t('governance.due_on', { date: formatDate(f.due) })}</span>`}
    </div>
    <p class="finding-text" lang="en">${f.text}</p>
    <p class="finding-hint muted" lang="en">${f.hint}</p>
    ${(process || fix) && html`<p class="finding-links">
      ${process && html`<span>${t('governance.process')}: <a href=${`/processes/${process.id}`}><span class="code">${process.code}</span> ${localized(process, 'name')}</a></span>`}
      ${fix}
    </p>`}
  </li>`;
}

/* The findings of RULES among the asset's, above the tab that fixes them. */
function FindingNotes({ findings, tab }) {
  const list = findings.filter((f) => FIX_TAB[f.rule] === tab);
  if (list.length === 0) return null;
  return html`<section class="finding-notes" aria-labelledby=${`notes-${tab}`}>
    <h2 id=${`notes-${tab}`} class="visually-hidden">${t('asset.findings_here', { count: list.length })}</h2>
    <ul class="findings-list">${list.map((f) => html`<${FindingItem} f=${f} />`)}</ul>
  </section>`;
}

function Details({ a, owner, steward }) {
  const row = (key, value, cls) => html`<div class=${cls}><dt>${t(`asset.field.${key}`)}</dt><dd>${orNone(value)}</dd></div>`;
  const en = (k, prefix) => (a[k] ? t(`${prefix}.${a[k]}`) : null);
  const due = dueDate(a);
  return html`<dl class="details">
    ${row('code', html`<span class="code">${a.code}</span>`)}
    ${row('name', a.name)}
    ${row('name_zh', a.name_zh ? html`<span lang="zh">${a.name_zh}</span>` : null)}
    ${row('kind', en('kind', 'asset.kind'))}
    ${row('description', a.description ? html`<span class="multiline">${a.description}</span>` : null, 'wide')}
    ${row('classification', html`<${ClassificationBadge} value=${a.classification} />`)}
    ${row('personal_data', html`<${YesNo} value=${a.personal_data} />`)}
    ${row('critical', html`<${YesNo} value=${a.critical} />`)}
    ${row('owner_id', owner ? html`<span>${owner.name}${owner.title ? html`<br /><small class="muted">${owner.title}</small>` : ''}</span>` : null)}
    ${row('steward_unit_id', steward ? html`<span><span class="code">${steward.code}</span> ${localized(steward, 'name')}</span>` : null)}
    ${row('lifecycle', en('lifecycle', 'asset.lifecycle'))}
    ${row('medium', en('medium', 'asset.medium'))}
    ${row('retention_years', a.retention_years === null ? null : t('asset.retention.years', { count: a.retention_years }))}
    ${row('retention_trigger', en('retention_trigger', 'asset.trigger_name'))}
    ${row('retention_from', formatDate(a.retention_from))}
    ${row('disposition', en('disposition', 'asset.disposition'))}
    ${row('due', due ? html`<span class=${due < todayYmd() ? 'overdue' : ''}>${formatDate(due)}${due < todayYmd() ? ` · ${t('governance.retention.overdue')}` : ''}</span>` : null)}
    ${row('legal_basis', a.legal_basis)}
    ${row('last_reviewed', formatDate(a.last_reviewed))}
    ${row('created_at', formatDateTime(a.created_at))}
    ${row('updated_at', formatDateTime(a.updated_at))}
    ${row('version', formatNumber(a.version))}
  </dl>`;
}

/* "Mark as reviewed today": the fix of not_reviewed that needs no form. */
function ReviewedToday({ a, onSaved }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const onClick = async () => {
    setBusy(true);
    try {
      const saved = await api('PATCH', `/assets/${a.id}`, { last_reviewed: todayYmd(), version: a.version });
      onSaved(saved, t('asset.reviewed_saved', { date: formatDate(saved.last_reviewed) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<div class="reviewed-today">
    <button type="button" class="secondary" aria-busy=${busy ? 'true' : 'false'} disabled=${busy} onClick=${onClick}>${t('asset.mark_reviewed')}</button>
    ${error && html`<p class="form-error" role="alert">${error.status === 409 ? t('asset.reviewed_conflict') : errorText(error, 'asset.forbidden')}</p>`}
  </div>`;
}

/* ---------- copies ---------- */

/* Every asset of kind system (the systems a copy can be kept in), fetched once a page. */
function useSystems() {
  const { data } = useAsync(() => get(`/assets${query({ kind: 'system', sort: 'code', limit: 1000 })}`).then((r) => r.items), []);
  return data || [];
}

/* Add a copy (COPY null) or change one: kind, location, the system that holds it, and
 * whether it is a backup. */
function CopyForm({ assetId, copy, systems, onDone, onCancel }) {
  const editing = !!copy;
  const [kind, setKind] = useState(copy ? copy.kind : 'file_share');
  const [location, setLocation] = useState(copy ? copy.location : '');
  const [systemId, setSystemId] = useState(copy && copy.system_id ? String(copy.system_id) : '');
  const [backup, setBackup] = useState(copy ? copy.is_backup : false);
  const [base, setBase] = useState(copy); // the stored version the form edits
  const [theirs, setTheirs] = useState(null); // someone else's version, after a 409
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const errRef = useRef(null);
  const firstRef = useRef(null);
  useEffect(() => { if (firstRef.current) firstRef.current.focus(); }, []);
  useEffect(() => { if (error && errRef.current) errRef.current.focus(); }, [error]);
  const errors = fieldErrors(error);
  const onSubmit = async (ev) => {
    ev.preventDefault();
    if (saving) return;
    setSaving(true);
    const body = { kind, location, system_id: systemId ? Number(systemId) : null, is_backup: backup };
    try {
      if (editing) {
        const changed = {};
        for (const [k, v] of Object.entries(body)) if (v !== (base[k] ?? null)) changed[k] = v;
        if (Object.keys(changed).length === 0) { onDone(t('form.unchanged')); return; }
        changed.version = base.version;
        await api('PATCH', `/asset_copies/${copy.id}`, changed);
        onDone(t('asset.copies.saved', { location }));
      } else {
        await api('POST', `/assets/${assetId}/copies`, body);
        onDone(t('asset.copies.added', { location }));
      }
    } catch (e) {
      // Saved by someone else meanwhile: show their values; the next Save, made on
      // top of their version, keeps what was typed here.
      if (editing && e.status === 409 && e.errors.some((x) => x.field === 'version')) {
        try {
          const now = await get(`/asset_copies/${copy.id}`);
          setBase(now);
          setTheirs(now);
          setError(null);
        } catch (e2) {
          setError(e2);
        }
      } else {
        setTheirs(null);
        setError(e);
      }
    } finally {
      setSaving(false);
    }
  };
  const known = new Set(Object.keys(errors));
  const others = Object.entries(errors).filter(([f]) => !['kind', 'location', 'system_id', 'is_backup'].includes(f));
  const systemName = (sid) => {
    const x = systems.find((y) => y.id === sid);
    return x ? x.code : sid ? `#${sid}` : t('common.none');
  };
  const ctl = (render) => ({ id, invalid, describedBy }) => render({ id, 'aria-invalid': invalid, 'aria-describedby': describedBy });
  return html`<form class="copy-form boxed-form" novalidate onSubmit=${onSubmit} aria-labelledby="copy-form-title">
    <h3 id="copy-form-title">${t(editing ? 'asset.copies.edit_title' : 'asset.copies.add_title')}</h3>
    ${theirs && html`<div class="conflict error-summary" role="alert">
      <strong>${t('asset.copies.conflict', { version: theirs.version })}</strong>
      <p>${t('asset.copies.conflict_theirs', {
        kind: t(`asset.copy_kind.${theirs.kind}`), location: theirs.location, system: systemName(theirs.system_id),
        backup: t(theirs.is_backup ? 'history.yes' : 'history.no') })}</p>
    </div>`}
    ${error && html`<div class="error-summary" role="alert" tabindex="-1" ref=${errRef}>
      <strong>${known.size ? t('form.errors.title', { count: known.size }) : t('form.failed')}</strong>
      ${known.size === 0 && html`<p>${errorText(error, 'asset.forbidden')}</p>`}
      ${others.length > 0 && html`<ul>${others.map(([f, m]) => html`<li>${f}: ${m}</li>`)}</ul>`}
    </div>`}
    <div class="form-grid">
      <${Field} name="kind" prefix="copy" label=${`${t('asset.copies.kind')} *`} error=${errors.kind}
        control=${ctl((a) => html`<select ...${a} ref=${firstRef} value=${kind} onChange=${(e) => setKind(e.target.value)}>
          ${COPY_KINDS.map((k) => html`<option value=${k}>${t(`asset.copy_kind.${k}`)}</option>`)}
        </select>`)} />
      <${Field} name="location" prefix="copy" label=${`${t('asset.copies.location')} *`} error=${errors.location}
        hint=${t('asset.copies.location_hint')}
        control=${ctl((a) => html`<input ...${a} type="text" value=${location} onInput=${(e) => setLocation(e.target.value)} />`)} />
      <${Field} name="system_id" prefix="copy" label=${t('asset.copies.system')} error=${errors.system_id}
        hint=${t('asset.copies.system_hint')}
        control=${ctl((a) => html`<select ...${a} value=${systemId} onChange=${(e) => setSystemId(e.target.value)}>
          <option value="">${t('common.none')}</option>
          ${systemId && !systems.some((s) => String(s.id) === systemId) && html`<option value=${systemId}>#${systemId}</option>`}
          ${systems.filter((s) => s.id !== assetId).map((s) => html`<option value=${String(s.id)}>${s.code} — ${localized(s, 'name')}</option>`)}
        </select>`)} />
      <div class="form-field checkbox-field" data-field="is_backup">
        <label for="copy-is_backup">
          <input id="copy-is_backup" type="checkbox" role="switch" checked=${backup}
            aria-invalid=${errors.is_backup ? 'true' : undefined} aria-describedby="copy-is_backup-hint"
            onChange=${(e) => setBackup(e.target.checked)} />
          ${t('asset.copies.is_backup')}
        </label>
        ${errors.is_backup && html`<small class="field-error">${errors.is_backup}</small>`}
        <small id="copy-is_backup-hint" class="muted">${t('asset.copies.is_backup_hint')}</small>
      </div>
    </div>
    <div class="form-actions">
      <button type="submit" aria-busy=${saving ? 'true' : 'false'} disabled=${saving}>${t(editing ? 'form.save' : 'asset.copies.add_submit')}</button>
      <button type="button" class="secondary outline" onClick=${onCancel}>${t('form.cancel')}</button>
    </div>
  </form>`;
}

/* The copies of other assets kept in system asset ID. */
function HeldInSystem({ id }) {
  const { data, error } = useAsync(async () => {
    const r = await get(`/asset_copies${query({ system_id: id, limit: 1000 })}`);
    return Promise.all(r.items.map(async (c) => ({ c, asset: await lookup('assets', c.asset_id) })));
  }, [id]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  return html`<section class="held-in-system" aria-labelledby="held-title">
    <h3 id="held-title">${t('asset.copies.held_title', { count: data.length })}</h3>
    ${data.length === 0 ? html`<p class="muted">${t('asset.copies.held_none')}</p>` : html`<div class="table-wrap"><table class="striped held">
      <caption class="visually-hidden">${t('asset.copies.held_title', { count: data.length })}</caption>
      <thead><tr>
        <th scope="col">${t('asset.copies.asset')}</th>
        <th scope="col">${t('asset.field.classification')}</th>
        <th scope="col">${t('asset.field.critical')}</th>
        <th scope="col">${t('asset.copies.location')}</th>
      </tr></thead>
      <tbody>${data.map(({ c, asset }) => html`<tr key=${c.id}>
        <td><${AssetLink} asset=${asset} id=${c.asset_id} tab="copies" /></td>
        <td>${asset ? html`<${ClassificationBadge} value=${asset.classification} />` : ''}</td>
        <td>${asset ? html`<${YesNo} value=${asset.critical} />` : ''}</td>
        <td>${c.location}</td>
      </tr>`)}</tbody>
    </table></div>`}
  </section>`;
}

function CopiesTab({ a, copies, findings, mayWrite, onChanged }) {
  const systems = useSystems();
  const [editing, setEditing] = useState(null); // 'new' or a copy
  const [notice, setNotice] = useState('');
  const systemOf = new Map(systems.map((s) => [s.id, s]));
  const backups = copies.filter((c) => c.is_backup).length;
  const done = (text) => { setEditing(null); setNotice(text || ''); onChanged(); };
  return html`<div class="copies">
    <p class="muted">${t('asset.copies.intro')}</p>
    <${FindingNotes} findings=${findings} tab="copies" />
    ${backups === 0 && a.lifecycle !== 'dispose' && html`<div class="warning-box no-backup" role="note">
      <strong>${t('asset.copies.no_backup_title')}</strong>
      <p>${t(copies.length === 0 ? 'asset.copies.none_text' : 'asset.copies.no_backup_text', { count: copies.length })}</p>
    </div>`}
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    ${copies.length > 0 && html`<div class="table-wrap"><table class="striped copies-table">
      <caption class="visually-hidden">${t('asset.tab.copies')}</caption>
      <thead><tr>
        <th scope="col">${t('asset.copies.kind')}</th>
        <th scope="col">${t('asset.copies.location')}</th>
        <th scope="col">${t('asset.copies.system')}</th>
        <th scope="col">${t('asset.copies.backup')}</th>
        ${mayWrite && html`<th scope="col"><span class="visually-hidden">${t('lists.col.actions')}</span></th>`}
      </tr></thead>
      <tbody>${copies.map((c) => html`<tr key=${c.id} data-id=${c.id}>
        <td>${t(`asset.copy_kind.${c.kind}`)}</td>
        <td>${c.location}</td>
        <td>${c.system_id ? html`<${AssetLink} asset=${systemOf.get(c.system_id)} id=${c.system_id} />` : orNone(null)}</td>
        <td>${c.is_backup ? html`<span class="badge backup-badge">${t('asset.copies.backup')}</span>` : html`<span class="muted">${t('history.no')}</span>`}</td>
        ${mayWrite && html`<td class="actions"><div class="row-actions">
          <button type="button" class="secondary outline small" onClick=${() => { setNotice(''); setEditing(c); }}
            aria-label=${t('asset.copies.edit_named', { location: c.location })}>${t('lists.edit')}</button>
          <${DeleteControl} path=${`/asset_copies/${c.id}`} params=${{ location: c.location }}
            onDeleted=${() => done(t('asset.copies.removed', { location: c.location }))} msgs=${{
              button: 'asset.copies.remove.button', question: 'asset.copies.remove.question', explain: 'asset.copies.remove.explain',
              confirm: 'asset.copies.remove.confirm', blocked: 'asset.copies.remove.question', forbidden: 'asset.forbidden',
            }} />
        </div></td>`}
      </tr>`)}</tbody>
    </table></div>`}
    ${mayWrite && (editing
      ? html`<${CopyForm} key=${editing === 'new' ? 'new' : editing.id} assetId=${a.id} copy=${editing === 'new' ? null : editing}
          systems=${systems} onDone=${done} onCancel=${() => setEditing(null)} />`
      : html`<p><button type="button" onClick=${() => { setNotice(''); setEditing('new'); }}>${t('asset.copies.add')}</button></p>`)}
    ${a.kind === 'system' && html`<${HeldInSystem} id=${a.id} />`}
  </div>`;
}

/* ---------- processes ---------- */

// The other side of a link, seen from an asset: a process, searched for by code or name.
const PROCESS_SIDE = {
  field: 'process_id', empty: null, idOf: (p) => p.id, codeOf: (p) => p.code,
  control: ({ id, invalid, describedBy, value, onChange }) => html`<${ProcessPicker} id=${id} value=${value} invalid=${invalid}
    describedBy=${describedBy} onChange=${onChange} placeholder=${t('asset.links.placeholder')} />`,
  prefix: 'link', cls: 'add-link-form', titleId: 'link-add-title',
  msgs: {
    title: 'asset.links.add_title', other: 'asset.links.process', pickFirst: 'asset.links.pick_first',
    added: 'asset.links.added', submit: 'asset.links.add_submit', forbidden: 'asset.links.forbidden',
  },
};

function ProcessesTab({ a, links, findings, units, onChanged }) {
  const [notice, setNotice] = useState('');
  const flagged = new Map();
  for (const f of findings) if (f.process_id) flagged.set(f.process_id, f);
  const changed = (text) => { setNotice(text || ''); onChanged(); };
  const writable = (p) => !!p && mayWriteProcess(p, units);
  return html`<div class="asset-links">
    <p class="muted">${t('asset.links.intro')}</p>
    <${FindingNotes} findings=${findings} tab="processes" />
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    ${links.length === 0 ? html`<p class="empty">${t('asset.links.empty')}</p>` : html`<${LinksTable} cls="links-table"
      caption=${t('asset.tab.processes')} heads=${[t('asset.links.process'), t('field.nature')]} rows=${links}
      attrs=${({ l }) => ({ 'data-process': l.process_id, class: flagged.has(l.process_id) ? 'has-finding' : '' })}
      cells=${({ l, p }) => {
        const f = flagged.get(l.process_id);
        return html`<td>${p ? html`<a href=${`/processes/${p.id}`}><span class="code">${p.code}</span> ${localized(p, 'name')}</a>` : html`<span class="muted">#${l.process_id}</span>`}
            ${f && html` <${SeverityBadge} value=${f.severity} />`}</td>
          <td>${p ? html`<${NatureTag} value=${p.nature} />` : ''}</td>`;
      }}
      actions=${links.some(({ p }) => writable(p))}
      remove=${({ l, p }) => writable(p) && html`<${RemoveLink} l=${l} code=${p.code} prefix="asset.links"
        forbidden="asset.links.forbidden" onRemoved=${changed} />`} />`}
    ${mayWriteProcess(null) && html`<${AddLinkForm} path=${`/assets/${a.id}/processes`} side=${PROCESS_SIDE} onAdded=${changed} />`}
  </div>`;
}

/* ---------- findings and history ---------- */

function FindingsTab({ findings, links, id }) {
  if (findings.length === 0) return html`<p class="empty no-findings">${t('asset.findings.none')}</p>`;
  const processOf = new Map(links.map(({ l, p }) => [l.process_id, p]));
  return html`<p class="muted">${t('asset.findings.intro')}</p>
    <ul class="findings-list">${findings.map((f) => {
      const tab = FIX_TAB[f.rule];
      const fix = html`<a class="fix-link" href=${urlWith(`/assets/${id}`, { tab: tab === 'details' ? '' : tab })}>${t(`governance.fix.${tab}`)}</a>`;
      return html`<${FindingItem} f=${f} fix=${fix} process=${f.process_id ? processOf.get(f.process_id) || { id: f.process_id, code: `#${f.process_id}`, name: '' } : null} />`;
    })}</ul>`;
}

const ENUMS = {
  kind: 'asset.kind', classification: 'asset.classification', lifecycle: 'asset.lifecycle', medium: 'asset.medium',
  retention_trigger: 'asset.trigger_name', disposition: 'asset.disposition',
};

const blank = (v) => v === null || v === undefined || v === '';

/* A value of the history, readable: enumerations in words, the owner and steward by
 * name, dates in the user's language. */
function historyValue(field, v, choices) {
  if (blank(v)) return html`<span class="muted">${t('common.none')}</span>`;
  if (typeof v === 'boolean') return t(v ? 'history.yes' : 'history.no');
  if (ENUMS[field] && typeof v === 'string') return t(`${ENUMS[field]}.${v}`);
  if (field === 'owner_id' && choices.personById.has(v)) return choices.personById.get(v).name;
  if (field === 'steward_unit_id' && choices.unitById.has(v)) return choices.unitById.get(v).code;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v);
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return html`<span class="multiline">${v}</span>`;
}

/* The label of a changed FIELD: the form's, else the name. */
function fieldLabel(field) {
  const k = `asset.field.${field}`;
  return t(k) === k ? field : t(k);
}

// the id, and fields a creation left empty, are no news
const isNews = (c) => c.field !== 'id' && !(blank(c.from) && blank(c.to));

function HistoryTab({ id }) {
  const choices = useChoices(['units', 'people']);
  return html`<${HistoryList} path=${`/assets/${id}`} prefix="asset" label=${fieldLabel} keep=${isNews}
    value=${(field, v) => historyValue(field, v, choices)} more=${true} />`;
}

/* ---------- the page ---------- */

function Breadcrumb() {
  return html`<nav aria-label=${t('process.breadcrumb')} class="breadcrumb">
    <a href="/assets">${t('nav.governance')}</a><span aria-hidden="true"> › </span><a href="/assets">${t('nav.governance.assets')}</a>
  </nav>`;
}

/* The page of asset ID; main.js keys it by the id, so another asset starts afresh. */
export function AssetPage({ id, loc }) {
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState(takeFlash); // "created", from the page before
  const { loading, data, error } = useAsync(() => loadAsset(id), [id, reload]);
  const units = useUnitMap();
  const tab = TABS.includes(loc.query.get('tab')) ? loc.query.get('tab') : 'details';
  // a notice belongs to the tab it was given on
  const lastTab = useRef(tab);
  useEffect(() => {
    if (lastTab.current !== tab) { lastTab.current = tab; setNotice(''); }
  }, [tab]);
  const a = data && data.a && data.a.id === id ? data.a : null;
  useTitle(a ? `${a.code} ${localized(a, 'name')}` : t('asset.title'));

  if (error) {
    return html`<section><${Breadcrumb} /><h1 tabindex="-1">${t('asset.title')}</h1><${ErrorBox} error=${error} />
      <p><a href="/assets">${t('asset.back')}</a></p></section>`;
  }
  if (!a) return html`<section><${Breadcrumb} /><h1 tabindex="-1">${t('asset.title')}</h1><${Loading} /></section>`;

  const changed = () => { forget('assets', id); setReload((n) => n + 1); };
  const onSaved = (saved, text) => {
    setEditing(false);
    setNotice(text || (saved ? t('asset.saved', { version: saved.version }) : t('form.unchanged')));
    if (saved) changed();
  };
  const mayWrite = mayWriteAsset(a, units);
  const counts = { copies: data.copies.length, processes: data.links.length, findings: data.findings.length };
  const onDeleted = () => {
    forget('assets', a.id);
    setFlash(t('asset.deleted', { name: a.code }));
    navigate('/assets');
  };
  return html`<div class="asset-page">
    <${Breadcrumb} />
    <${ItemTitle} row=${a} label=${t('asset.edit')} busy=${loading}
      onEdit=${mayWrite && !editing && (() => { setNotice(''); setEditing(true); })} />
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    ${editing ? html`<section class="edit-panel" aria-labelledby="edit-title">
      <h2 id="edit-title">${t('asset.form.edit')}</h2>
      <${EntityForm} key=${`${a.id}`} cfg=${ASSET_FORM} mode="edit" row=${a} onSaved=${(s) => onSaved(s)}
        onCancel=${() => setEditing(false)} />
    </section>` : html`
    <${Summary} a=${a} owner=${data.owner} steward=${data.steward} />
    <nav class="tabs" aria-label=${t('asset.tabs')}>
      <ul>
        ${TABS.map((k) => html`<li><a href=${urlWith(`/assets/${id}`, { tab: k === 'details' ? '' : k })}
          aria-current=${tab === k ? 'page' : undefined} data-tab=${k}>${k in counts
            ? t(`asset.tab.${k}_count`, { count: counts[k] }) : t(`asset.tab.${k}`)}</a></li>`)}
      </ul>
    </nav>
    <section class="tab-panel" aria-label=${t(`asset.tab.${tab}`)} aria-busy=${loading ? 'true' : 'false'}>
      ${tab === 'details' && html`
        <${FindingNotes} findings=${data.findings} tab="details" />
        ${mayWrite && data.findings.some((f) => f.rule === 'not_reviewed') && html`<${ReviewedToday} a=${a} onSaved=${onSaved} />`}
        <${Details} a=${a} owner=${data.owner} steward=${data.steward} />
        ${mayWrite && html`<${DeleteSection} prefix="asset" path=${`/assets/${a.id}?cascade=true`} onDeleted=${onDeleted}
          params=${{ name: a.code, copies: counts.copies, links: counts.processes }}
          explain=${a.kind === 'system' ? 'asset.delete.explain_system' : 'asset.delete.explain'} />`}`}
      ${tab === 'copies' && html`<${CopiesTab} a=${a} copies=${data.copies} findings=${data.findings} mayWrite=${mayWrite} onChanged=${changed} />`}
      ${tab === 'processes' && html`<${ProcessesTab} a=${a} links=${data.links} findings=${data.findings} units=${units} onChanged=${changed} />`}
      ${tab === 'findings' && html`<${FindingsTab} findings=${data.findings} links=${data.links} id=${id} />`}
      ${tab === 'history' && html`<${HistoryTab} id=${id} key=${`${id}-${a.version}`} />`}
    </section>`}
  </div>`;
}

/* /assets/new: the create form; on success, the new asset's page. An owner starts as
 * the steward unit of their scope (or as the owner, without one). */
export function NewAssetPage() {
  useTitle(t('asset.new.title'));
  const s = currentSession();
  let initial;
  if (s && s.user.role === 'owner') {
    if (s.user.unit_id) initial = { steward_unit_id: String(s.user.unit_id) };
    else if (s.person_id) initial = { owner_id: String(s.person_id) };
  }
  const onSaved = (a) => {
    if (a) setFlash(t('asset.created', { name: a.code }));
    navigate(a ? `/assets/${a.id}` : '/assets');
  };
  return html`<section class="new-asset">
    <${Breadcrumb} />
    <h1 tabindex="-1">${t('asset.new.title')}</h1>
    ${mayWriteAsset(null) ? html`
      <p class="lead">${t('asset.new.intro')}</p>
      <${EntityForm} cfg=${ASSET_FORM} mode="create" initial=${initial} onSaved=${onSaved} onCancel=${() => navigate('/assets')} />`
    : html`<${ErrorBox} error=${{ status: 403 }} />`}
  </section>`;
}
