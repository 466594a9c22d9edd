// pages/process_assets.js — the Assets tab of a process's page: the information assets
// the process creates, uses, updates or publishes (GET /processes/{id}/assets), each
// with its kind and classification, and for those who may write the process (the
// links follow the process's rule) a form to link another asset and Remove.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, localized } from '../i18n.js';
import { api, get, lookup, query } from '../api.js';
import { ErrorBox, Loading, orNone, useAsync } from '../components.js';
import { Field, errorText, fieldErrors } from '../forms.js';
import { DeleteControl } from '../entity_form.js';
import { ASSET_KINDS, LINK_KINDS, AssetLink, ClassificationBadge } from './asset_parts.js';

async function loadLinks(id) {
  const links = await get(`/processes/${id}/assets${query({ limit: 1000 })}`);
  const rows = await Promise.all(links.items.map(async (l) => ({ l, asset: await lookup('assets', l.asset_id) })));
  rows.sort((x, y) => (x.asset ? x.asset.code : '').localeCompare(y.asset ? y.asset.code : '') || x.l.id - y.l.id);
  return rows;
}

/* Every asset (the choices of the link form), by code. */
async function allAssets() {
  const out = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await get(`/assets${query({ sort: 'code', limit: 1000, offset })}`);
    out.push(...page.items);
    if (out.length >= page.total || page.items.length === 0) break;
  }
  return out;
}

function AddAssetLink({ id, onAdded }) {
  const { data: assets } = useAsync(allAssets, []);
  const [assetId, setAssetId] = useState('');
  const [kind, setKind] = useState('uses');
  const [note, setNote] = useState('');
  const [error, setError] = useState(null);
  const [saving, setSaving] = useState(false);
  const errRef = useRef(null);
  useEffect(() => { if (error && errRef.current) errRef.current.focus(); }, [error]);
  const errors = fieldErrors(error);
  const onSubmit = async (ev) => {
    ev.preventDefault();
    if (saving) return;
    if (!assetId) { setError({ status: 422, errors: [{ field: 'asset_id', message: t('process.assets.pick_first') }] }); return; }
    setSaving(true);
    try {
      const body = { asset_id: Number(assetId), kind };
      if (note.trim()) body.note = note;
      await api('POST', `/processes/${id}/assets`, body);
      const a = (assets || []).find((x) => x.id === Number(assetId));
      setAssetId(''); setNote(''); setError(null);
      onAdded(t('process.assets.added', { code: a ? a.code : `#${assetId}`, kind: t(`asset.link_kind.${kind}`) }));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  const other = error && !errors.asset_id && !errors.kind && !errors.note ? errorText(error) : '';
  return html`<form class="add-asset-link-form boxed-form" novalidate onSubmit=${onSubmit} aria-labelledby="asset-link-add-title">
    <h3 id="asset-link-add-title">${t('process.assets.add_title')}</h3>
    ${other && html`<p class="form-error" role="alert" tabindex="-1" ref=${errRef}>${other}</p>`}
    <div class="form-grid">
      <${Field} name="asset_id" prefix="passet" wide=${true} label=${t('process.assets.asset')} error=${errors.asset_id}
        control=${({ id: cid, invalid, describedBy }) => html`<select id=${cid} value=${assetId} aria-invalid=${invalid}
          aria-describedby=${describedBy} onChange=${(e) => setAssetId(e.target.value)}>
          <option value="">${assets ? t('form.choose') : t('common.loading')}</option>
          ${ASSET_KINDS.map((k) => html`<optgroup label=${t(`asset.kind.${k}`)}>
            ${(assets || []).filter((a) => a.kind === k).map((a) => html`<option value=${String(a.id)}>${a.code} — ${localized(a, 'name')}</option>`)}
          </optgroup>`)}
        </select>`} />
      <${Field} name="kind" prefix="passet" label=${t('asset.links.kind')} error=${errors.kind}
        control=${({ id: cid, invalid, describedBy }) => html`<select id=${cid} value=${kind} aria-invalid=${invalid}
          aria-describedby=${describedBy} onChange=${(e) => setKind(e.target.value)}>
          ${LINK_KINDS.map((k) => html`<option value=${k}>${t(`asset.link_kind.${k}`)}</option>`)}
        </select>`} />
      <${Field} name="note" prefix="passet" label=${t('asset.links.note')} error=${errors.note}
        control=${({ id: cid, invalid, describedBy }) => html`<input id=${cid} type="text" value=${note} aria-invalid=${invalid}
          aria-describedby=${describedBy} onInput=${(e) => setNote(e.target.value)} />`} />
    </div>
    <div class="form-actions">
      <button type="submit" aria-busy=${saving ? 'true' : 'false'} disabled=${saving}>${t('process.assets.add_submit')}</button>
    </div>
  </form>`;
}

/* The tab: ID the process, MAYWRITE whether the role may write it. */
export function ProcessAssetsTab({ id, mayWrite }) {
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState('');
  const { loading, data, error } = useAsync(() => loadLinks(id), [id, reload]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const changed = (text) => { setNotice(text || ''); setReload((n) => n + 1); };
  return html`<div class="process-assets" aria-busy=${loading ? 'true' : 'false'}>
    <p class="muted">${t('process.assets.intro')}</p>
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    ${data.length === 0 ? html`<p class="empty">${t('process.assets.empty')}</p>` : html`<div class="table-wrap"><table class="striped process-assets-table">
      <caption class="visually-hidden">${t('process.tab.assets')}</caption>
      <thead><tr>
        <th scope="col">${t('process.assets.asset')}</th>
        <th scope="col">${t('asset.field.kind')}</th>
        <th scope="col">${t('asset.field.classification')}</th>
        <th scope="col">${t('asset.links.kind')}</th>
        <th scope="col">${t('asset.links.note')}</th>
        ${mayWrite && html`<th scope="col"><span class="visually-hidden">${t('lists.col.actions')}</span></th>`}
      </tr></thead>
      <tbody>${data.map(({ l, asset }) => html`<tr key=${l.id} data-id=${l.id} data-asset=${l.asset_id}>
        <td><${AssetLink} asset=${asset} id=${l.asset_id} /></td>
        <td>${asset ? t(`asset.kind.${asset.kind}`) : ''}</td>
        <td>${asset ? html`<${ClassificationBadge} value=${asset.classification} />` : ''}</td>
        <td>${t(`asset.link_kind.${l.kind}`)}</td>
        <td>${orNone(l.note)}</td>
        ${mayWrite && html`<td class="actions"><${DeleteControl} path=${`/process_assets/${l.id}`}
          params=${{ code: asset ? asset.code : `#${l.asset_id}`, kind: t(`asset.link_kind.${l.kind}`) }}
          onDeleted=${() => changed(t('process.assets.removed', { code: asset ? asset.code : `#${l.asset_id}` }))} msgs=${{
            button: 'process.assets.remove.button', question: 'process.assets.remove.question', explain: 'process.assets.remove.explain',
            confirm: 'process.assets.remove.confirm', blocked: 'process.assets.remove.question', forbidden: 'form.forbidden',
          }} /></td>`}
      </tr>`)}</tbody>
    </table></div>`}
    ${mayWrite && html`<${AddAssetLink} id=${id} onAdded=${changed} />`}
  </div>`;
}
