// pages/asset_links.js — the links between information assets and processes (creates,
// uses, updates, publishes), seen from either side: from an asset's page (its
// processes) and from a process's page (its assets). Both show the same table (the
// other side's columns, then the link's kind and note, and Remove) and the same form to
// add a link; each side says what the other side is, how it is chosen and its texts.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t } from '../i18n.js';
import { api } from '../api.js';
import { orNone } from '../components.js';
import { Field, errorText, fieldErrors } from '../forms.js';
import { DeleteControl } from '../entity_form.js';
import { LINK_KINDS } from './asset_parts.js';

/* The links ROWS ({l, …}: l the link) as a table of class CLS with CAPTION: the other
 * side's columns (HEADS their labels, CELLS(row) their <td>s), the link's kind and note,
 * and with ACTIONS a last column of REMOVE(row). ATTRS(row): the row's own attributes
 * (besides data-id, the link's id). */
export function LinksTable({ cls, caption, heads, rows, cells, attrs, actions, remove }) {
  return html`<div class="table-wrap"><table class=${`striped ${cls}`}>
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr>
      ${heads.map((h) => html`<th scope="col">${h}</th>`)}
      <th scope="col">${t('asset.links.kind')}</th>
      <th scope="col">${t('asset.links.note')}</th>
      ${actions && html`<th scope="col"><span class="visually-hidden">${t('lists.col.actions')}</span></th>`}
    </tr></thead>
    <tbody>${rows.map((row) => html`<tr key=${row.l.id} data-id=${row.l.id} ...${attrs(row)}>
      ${cells(row)}
      <td>${t(`asset.link_kind.${row.l.kind}`)}</td>
      <td>${orNone(row.l.note)}</td>
      ${actions && html`<td class="actions">${remove(row)}</td>`}
    </tr>`)}</tbody>
  </table></div>`;
}

/* Remove link L (DELETE /process_assets/{id}) after asking once; CODE names the other
 * side. PREFIX names the texts PREFIX.remove.button, .question, .explain, .confirm and
 * PREFIX.removed (the notice given to ONREMOVED(text)); FORBIDDEN the message of a
 * role that may not. */
export function RemoveLink({ l, code, prefix, forbidden, onRemoved }) {
  const key = (k) => `${prefix}.remove.${k}`;
  return html`<${DeleteControl} path=${`/process_assets/${l.id}`}
    params=${{ code, kind: t(`asset.link_kind.${l.kind}`) }} onDeleted=${() => onRemoved(t(`${prefix}.removed`, { code }))} msgs=${{
      button: key('button'), question: key('question'), explain: key('explain'),
      confirm: key('confirm'), blocked: key('question'), forbidden,
    }} />`;
}

/* The form that adds a link: the other side, the link's kind and a note, POSTed to
 * PATH. SIDE says what the other side is: field (its field in the body and the errors:
 * 'process_id' or 'asset_id'), empty (nothing chosen), idOf(value) and codeOf(value)
 * (of a chosen one), control({id, invalid, describedBy, value, onChange}) (how it is
 * chosen); prefix (of the fields' ids), cls and titleId (of the form), msgs {title,
 * other (the other side's label), pickFirst, added, submit, forbidden}. ONADDED(text)
 * after a link was added. */
export function AddLinkForm({ path, side, onAdded }) {
  const [other, setOther] = useState(side.empty);
  const [kind, setKind] = useState('uses');
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const errRef = useRef(null);
  useEffect(() => { if (error && errRef.current) errRef.current.focus(); }, [error]);
  const errors = fieldErrors(error);
  const { field, msgs } = side;
  const onSubmit = async (ev) => {
    ev.preventDefault();
    if (saving) return;
    if (!other) { setError({ status: 422, errors: [{ field, message: t(msgs.pickFirst) }] }); return; }
    setSaving(true);
    try {
      const body = { [field]: side.idOf(other), kind };
      if (note.trim()) body.note = note;
      await api('POST', path, body);
      const code = side.codeOf(other);
      setOther(side.empty); setNote(''); setError(null);
      onAdded(t(msgs.added, { code, kind: t(`asset.link_kind.${kind}`) }));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const otherError = error && !errors[field] && !errors.kind && !errors.note ? errorText(error, msgs.forbidden) : '';
  return html`<form class=${`${side.cls} boxed-form`} novalidate onSubmit=${onSubmit} aria-labelledby=${side.titleId}>
    <h3 id=${side.titleId}>${t(msgs.title)}</h3>
    ${otherError && html`<p class="form-error" role="alert" tabindex="-1" ref=${errRef}>${otherError}</p>`}
    <div class="form-grid">
      <${Field} name=${field} prefix=${side.prefix} wide=${true} label=${t(msgs.other)} error=${errors[field]}
        control=${(c) => side.control({ ...c, value: other, onChange: setOther })} />
      <${Field} name="kind" prefix=${side.prefix} label=${t('asset.links.kind')} error=${errors.kind}
        control=${({ id, invalid, describedBy }) => html`<select id=${id} value=${kind} aria-invalid=${invalid}
          aria-describedby=${describedBy} onChange=${(e) => setKind(e.target.value)}>
          ${LINK_KINDS.map((k) => html`<option value=${k}>${t(`asset.link_kind.${k}`)}</option>`)}
        </select>`} />
      <${Field} name="note" prefix=${side.prefix} label=${t('asset.links.note')} error=${errors.note}
        control=${({ id, invalid, describedBy }) => html`<input id=${id} type="text" value=${note} aria-invalid=${invalid}
          aria-describedby=${describedBy} onInput=${(e) => setNote(e.target.value)} />`} />
    </div>
    <div class="form-actions">
      <button type="submit" aria-busy=${saving ? 'true' : 'false'} disabled=${saving}>${t(msgs.submit)}</button>
    </div>
  </form>`;
}
