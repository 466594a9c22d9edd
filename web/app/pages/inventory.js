// pages/inventory.js — the table of processes: search, filters (nature, status, kind,
// unit, owner), sort by header, server-side paging, a column chooser and export of
// exactly that view, in the frame of list_page.js (the view in the URL query, so it can
// be bookmarked and sent to a colleague; the chosen columns in localStorage). This file
// says which filters and columns there are and draws the cells.

import { html, useEffect, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, formatDate, formatDateTime, localized } from '../i18n.js';
import { lookup } from '../api.js';
import { mayWriteProcess, useChoices } from '../forms.js';
import { NatureTag, StatusBadge, NATURES, STATUSES, KINDS, orNone } from '../components.js';
import { FilteredListPage, enumOptions, ownerOptions, unitOptions, useFilteredList } from './list_page.js';

// Columns: key (the i18n key is field.<key>), sort (the API's sort field, if any),
// num (right-aligned), exp (the export columns, default the key).
const INVENTORY = {
  name: 'inventory',
  resource: 'processes',
  filters: ['nature', 'status', 'kind', 'unit_id', 'owner_id'],
  columns: [
    { key: 'code', sort: 'code', fixed: true },
    { key: 'name', sort: 'name' },
    { key: 'unit' },
    { key: 'owner' },
    { key: 'nature', sort: 'nature' },
    { key: 'status', sort: 'status' },
    { key: 'kind', sort: 'kind' },
    { key: 'maturity', sort: 'maturity', num: true },
    { key: 'volume_per_year', sort: 'volume_per_year', num: true },
    { key: 'staff_hours_per_year', sort: 'staff_hours_per_year', num: true },
    { key: 'annual_cost', sort: 'annual_cost', num: true },
    { key: 'change_from', sort: 'change_from' },
    { key: 'change_to', sort: 'change_to' },
    { key: 'source', sort: 'source' },
    { key: 'updated_at', sort: 'updated_at', exp: [] },
  ],
  defaultColumns: ['code', 'name', 'unit', 'owner', 'nature', 'status', 'maturity', 'volume_per_year'],
  columnsKey: 'dti.inventory.columns',
  label: 'field',
  tableClass: 'inventory',
  newClass: 'new-process-button',
  emptyActions: ['import', 'new'],
  mayCreate: () => mayWriteProcess(null),
  msgs: { filtered: 'inventory.empty.filtered.text', rangeNone: 'inventory.range_none' },
};

function Cell({ col, p, units, owners }) {
  const link = (text) => html`<a href=${`/processes/${p.id}`}>${text}</a>`;
  switch (col.key) {
    case 'code': return html`<td class="code">${link(p.code)}</td>`;
    case 'name': return html`<td class="name">${link(localized(p, 'name'))}</td>`;
    case 'unit': {
      const u = units.get(p.unit_id);
      return html`<td class="nowrap">${u ? html`<span title=${localized(u, 'name')}>${u.code}</span>` : orNone(null)}</td>`;
    }
    case 'owner': {
      const o = owners.get(p.owner_id);
      return html`<td>${o ? o.name : p.owner_id ? '…' : orNone(null)}</td>`;
    }
    case 'nature': return html`<td><${NatureTag} value=${p.nature} /></td>`;
    case 'status': return html`<td><${StatusBadge} value=${p.status} /></td>`;
    case 'kind': return html`<td>${p.kind ? t(`kind.${p.kind}`) : orNone(null)}</td>`;
    case 'source': return html`<td>${p.source ? t(`source.${p.source}`) : orNone(null)}</td>`;
    case 'change_from':
    case 'change_to': return html`<td>${orNone(formatDate(p[col.key]))}</td>`;
    case 'updated_at': return html`<td>${formatDateTime(p.updated_at)}</td>`;
    case 'annual_cost':
    case 'staff_hours_per_year':
    case 'volume_per_year':
    case 'maturity': return html`<td class="num">${orNone(p[col.key] === null ? null : formatNumber(p[col.key]))}</td>`;
    default: return html`<td>${orNone(p[col.key])}</td>`;
  }
}

export function InventoryPage({ loc }) {
  const list = useFilteredList(loc, INVENTORY);
  const { data, columns } = list;
  const { units: unitList, people, unitById: units } = useChoices(['units', 'people']);
  const [owners, setOwners] = useState(new Map());

  // The owners of the rows shown: from the list of everyone (one request, also the
  // owner filter's choices); one missing there (e.g. deleted since) is looked up.
  const showOwner = columns.includes('owner');
  useEffect(() => {
    if (people.length) setOwners(new Map(people.map((pp) => [pp.id, pp])));
  }, [people]);
  useEffect(() => {
    if (!data || !showOwner || !people.length) return;
    const ids = [...new Set(data.items.map((p) => p.owner_id).filter((id) => id !== null && !owners.has(id)))];
    if (ids.length === 0) return;
    let live = true;
    Promise.all(ids.map((id) => lookup('people', id).catch(() => null))).then((found) => {
      if (!live) return;
      setOwners((old) => {
        const m = new Map(old);
        ids.forEach((id, i) => { if (found[i]) m.set(id, found[i]); });
        return m;
      });
    });
    return () => { live = false; };
  }, [data, showOwner, people]);

  // 'null' (the API's "no value"): the dashboard links to processes without a nature.
  const filters = [
    { name: 'nature', label: t('inventory.filters.nature'),
      options: [...enumOptions(NATURES, 'nature'), { value: 'null', label: t('inventory.filters.not_recorded') }] },
    { name: 'status', label: t('inventory.filters.status'), options: enumOptions(STATUSES, 'status') },
    { name: 'kind', label: t('inventory.filters.kind'), options: enumOptions(KINDS, 'kind') },
    { name: 'unit_id', label: t('inventory.filters.unit'), options: unitOptions(unitList), keep: true },
    { name: 'owner_id', label: t('inventory.filters.owner'), options: ownerOptions(people), keep: true },
  ];
  return html`<${FilteredListPage} cfg=${INVENTORY} list=${list} filters=${filters}
    cell=${(col, p) => html`<${Cell} col=${col} p=${p} units=${units} owners=${owners} />`} />`;
}
