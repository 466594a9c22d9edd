// pages/process_assets.js — the Assets tab of a process's page: the information assets
// the process creates, uses, updates or publishes (GET /processes/{id}/assets), each
// with its kind and classification, and for those who may write the process (the
// links follow the process's rule) a form to link another asset and Remove.

import { html, useState } from '/vendor/htm-preact.mjs';
import { t, localized } from '../i18n.js';
import { get, lookup, query } from '../api.js';
import { ErrorBox, Loading, useAsync } from '../components.js';
import { ASSET_KINDS, AssetLink, ClassificationBadge } from './asset_parts.js';
import { AddLinkForm, LinksTable, RemoveLink } from './asset_links.js';

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

/* The form that links another asset to process ID: the asset chosen from a select of
 * every asset, grouped by kind. */
function AddAssetLink({ id, onAdded }) {
  const { data: assets } = useAsync(allAssets, []);
  const side = {
    field: 'asset_id', empty: '', idOf: (v) => Number(v),
    codeOf: (v) => {
      const a = (assets || []).find((x) => x.id === Number(v));
      return a ? a.code : `#${v}`;
    },
    control: ({ id: cid, invalid, describedBy, value, onChange }) => html`<select id=${cid} value=${value} aria-invalid=${invalid}
      aria-describedby=${describedBy} onChange=${(e) => onChange(e.target.value)}>
      <option value="">${assets ? t('form.choose') : t('common.loading')}</option>
      ${ASSET_KINDS.map((k) => html`<optgroup label=${t(`asset.kind.${k}`)}>
        ${(assets || []).filter((a) => a.kind === k).map((a) => html`<option value=${String(a.id)}>${a.code} — ${localized(a, 'name')}</option>`)}
      </optgroup>`)}
    </select>`,
    prefix: 'passet', cls: 'add-asset-link-form', titleId: 'asset-link-add-title',
    msgs: {
      title: 'process.assets.add_title', other: 'process.assets.asset', pickFirst: 'process.assets.pick_first',
      added: 'process.assets.added', submit: 'process.assets.add_submit', forbidden: 'form.forbidden',
    },
  };
  return html`<${AddLinkForm} path=${`/processes/${id}/assets`} side=${side} onAdded=${onAdded} />`;
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
    ${data.length === 0 ? html`<p class="empty">${t('process.assets.empty')}</p>` : html`<${LinksTable} cls="process-assets-table"
      caption=${t('process.tab.assets')} heads=${[t('process.assets.asset'), t('asset.field.kind'), t('asset.field.classification')]}
      rows=${data} attrs=${({ l }) => ({ 'data-asset': l.asset_id })}
      cells=${({ l, asset }) => html`<td><${AssetLink} asset=${asset} id=${l.asset_id} /></td>
        <td>${asset ? t(`asset.kind.${asset.kind}`) : ''}</td>
        <td>${asset ? html`<${ClassificationBadge} value=${asset.classification} />` : ''}</td>`}
      actions=${mayWrite}
      remove=${({ l, asset }) => html`<${RemoveLink} l=${l} code=${asset ? asset.code : `#${l.asset_id}`} prefix="process.assets"
        forbidden="form.forbidden" onRemoved=${changed} />`} />`}
    ${mayWrite && html`<${AddAssetLink} id=${id} onAdded=${changed} />`}
  </div>`;
}
