// pages/assets.js — the register of information assets (Governance area): search,
// filters (kind, classification, lifecycle, medium, owner, steward unit with its
// sub-units, personal data, critical), sort by header, server-side paging, a column
// chooser and export of exactly that view, in the frame of list_page.js (the view in
// the URL query, so it can be bookmarked and sent to a colleague). Each row shows its
// classification as a badge and how many findings the governance rules raise about it
// (one request for all findings, counted by asset).

import { html } from '/vendor/htm-preact.mjs';
import { t, formatDate, formatNumber, localized } from '../i18n.js';
import { get } from '../api.js';
import { useChoices } from '../forms.js';
import { orNone, useAsync } from '../components.js';
import {
  ASSET_KINDS, CLASSIFICATIONS, LIFECYCLES, MEDIA, SEVERITIES, ClassificationBadge, GovernanceNav, mayWriteAsset,
} from './asset_parts.js';
import { FilteredListPage, enumOptions, ownerOptions, unitOptions, useFilteredList } from './list_page.js';

// Columns: key (label asset.field.<key>), sort (the API's sort field), num, fixed (always
// shown), and the export columns it stands for (the CSV names of dti export).
const ASSETS = {
  name: 'assets',
  resource: 'assets',
  filters: ['kind', 'classification', 'lifecycle', 'medium', 'owner_id', 'steward_unit_id', 'personal_data', 'critical'],
  columns: [
    { key: 'code', sort: 'code', fixed: true, exp: ['code'] },
    { key: 'name', sort: 'name', exp: ['name'] },
    { key: 'kind', sort: 'kind', exp: ['kind'] },
    { key: 'classification', sort: 'classification', exp: ['classification'] },
    { key: 'owner_id', exp: ['owner'] },
    { key: 'steward_unit_id', exp: ['steward_unit'] },
    { key: 'lifecycle', sort: 'lifecycle', exp: ['lifecycle'] },
    { key: 'medium', sort: 'medium', exp: ['medium'] },
    { key: 'flags', exp: ['personal_data', 'critical'] },
    { key: 'retention_years', sort: 'retention_years', num: true, exp: ['retention_years', 'retention_trigger', 'retention_from', 'disposition'] },
    { key: 'last_reviewed', sort: 'last_reviewed', exp: ['last_reviewed'] },
    { key: 'findings', num: true, exp: [] },
  ],
  defaultColumns: ['code', 'name', 'kind', 'classification', 'owner_id', 'steward_unit_id', 'flags', 'last_reviewed', 'findings'],
  columnsKey: 'dti.assets.columns',
  label: 'asset.field',
  tableClass: 'list-table assets-table',
  newClass: 'new-button',
  emptyActions: ['new', 'import'],
  mayCreate: () => mayWriteAsset(null),
  msgs: { filtered: 'assets.empty.filtered', rangeNone: 'lists.range_none' },
};

/* The findings of every asset: {assetId: {count, worst}} (worst: the most serious
 * severity), from one request. */
async function loadFindingCounts() {
  const r = await get('/governance/findings');
  const out = new Map();
  for (const f of r.items) {
    const c = out.get(f.asset.id) || { count: 0, worst: 'low' };
    c.count += 1;
    if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(c.worst)) c.worst = f.severity;
    out.set(f.asset.id, c);
  }
  return out;
}

function Cell({ col, a, units, people, findings }) {
  const link = (text) => html`<a href=${`/assets/${a.id}`}>${text}</a>`;
  switch (col.key) {
    case 'code': return html`<td class="code">${link(a.code)}</td>`;
    case 'name': return html`<td class="name">${link(localized(a, 'name'))}</td>`;
    case 'kind': return html`<td>${t(`asset.kind.${a.kind}`)}</td>`;
    case 'classification': return html`<td><${ClassificationBadge} value=${a.classification} /></td>`;
    case 'owner_id': {
      const o = people.get(a.owner_id);
      return html`<td>${a.owner_id === null ? html`<span class="missing">${t('asset.no_owner')}</span>` : o ? o.name : '…'}</td>`;
    }
    case 'steward_unit_id': {
      const u = units.get(a.steward_unit_id);
      return html`<td class="nowrap">${u ? html`<span class="code" title=${localized(u, 'name')}>${u.code}</span>` : orNone(null)}</td>`;
    }
    case 'lifecycle': return html`<td>${t(`asset.lifecycle.${a.lifecycle}`)}</td>`;
    case 'medium': return html`<td>${t(`asset.medium.${a.medium}`)}</td>`;
    case 'flags': return html`<td><span class="flags">
      ${a.personal_data && html`<span class="flag flag-personal">${t('asset.flag.personal_data')}</span>`}
      ${a.critical && html`<span class="flag flag-critical">${t('asset.flag.critical')}</span>`}
    </span></td>`;
    case 'retention_years': return html`<td class="num nowrap">${a.retention_years === null ? orNone(null) : t('asset.retention.years', { count: a.retention_years })}</td>`;
    case 'last_reviewed': return html`<td class="nowrap">${a.last_reviewed ? formatDate(a.last_reviewed) : html`<span class="muted">${t('asset.never_reviewed')}</span>`}</td>`;
    case 'findings': {
      const f = findings && findings.get(a.id);
      if (!findings) return html`<td class="num"><span class="muted">…</span></td>`;
      if (!f) return html`<td class="num"><span class="muted" title=${t('assets.no_findings')}>0</span></td>`;
      return html`<td class="num"><a href=${`/assets/${a.id}?tab=findings`} class=${`badge severity-${f.worst} finding-count`}
        aria-label=${t('assets.findings_link', { count: f.count, severity: t(`governance.severity.${f.worst}`) })}>${formatNumber(f.count)}</a></td>`;
    }
    default: return html`<td>${orNone(a[col.key])}</td>`;
  }
}

export function AssetsPage({ loc }) {
  const list = useFilteredList(loc, ASSETS);
  const { units: unitList, people: peopleList, unitById: units, personById: people } = useChoices(['units', 'people']);
  const { data: findings } = useAsync(() => loadFindingCounts().catch(() => new Map()), []);

  const yesNo = [{ value: 'true', label: t('history.yes') }, { value: 'false', label: t('history.no') }];
  const filters = [
    { name: 'kind', label: t('asset.field.kind'), options: enumOptions(ASSET_KINDS, 'asset.kind') },
    { name: 'classification', label: t('asset.field.classification'), options: enumOptions(CLASSIFICATIONS, 'asset.classification') },
    { name: 'lifecycle', label: t('asset.field.lifecycle'), options: enumOptions(LIFECYCLES, 'asset.lifecycle') },
    { name: 'medium', label: t('asset.field.medium'), options: enumOptions(MEDIA, 'asset.medium') },
    { name: 'owner_id', label: t('asset.field.owner_id'), options: ownerOptions(peopleList), keep: true },
    { name: 'steward_unit_id', label: t('asset.field.steward_unit_id'), options: unitOptions(unitList), keep: true },
    { name: 'personal_data', label: t('asset.field.personal_data'), options: yesNo },
    { name: 'critical', label: t('asset.field.critical'), options: yesNo },
  ];
  return html`<${GovernanceNav} path=${loc.path} />
  <${FilteredListPage} cfg=${ASSETS} list=${list} filters=${filters}
    cell=${(col, a) => html`<${Cell} col=${col} a=${a} units=${units} people=${people} findings=${findings} />`} />`;
}
