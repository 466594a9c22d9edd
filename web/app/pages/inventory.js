// pages/inventory.js — the table of processes: search, filters, sort by header,
// server-side paging and a column chooser. Everything that shapes the view lives in
// the URL query (q, nature, status, kind, unit_id, sort, offset), so a view can be
// bookmarked and sent to a colleague; the chosen columns are kept in localStorage.

import { html, useEffect, useMemo, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, formatDate, formatDateTime, localized } from '../i18n.js';
import { allPeople, allUnits, get, lookup, query } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { mayWriteProcess, takeFlash, unitTree } from '../forms.js';
import { canImport } from './import.js';
import {
  ErrorBox, ExportLink, NatureTag, Pager, SearchBox, SortHeader, StatusBadge, NATURES, STATUSES, KINDS, orNone,
  useAsync, useTitle,
} from '../components.js';

const PAGE_SIZE = 50;
const FILTERS = ['nature', 'status', 'kind', 'unit_id', 'owner_id'];
const URL_KEYS = ['q', ...FILTERS, 'sort', 'offset'];
const COLUMNS_KEY = 'dti.inventory.columns';

// Columns: key (the i18n key is field.<key>), sort (the API's sort field, if any),
// num (right-aligned), cell (how to show a row's value).
const COLUMNS = [
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
  { key: 'updated_at', sort: 'updated_at', noExport: true },
];
const DEFAULT_COLUMNS = ['code', 'name', 'unit', 'owner', 'nature', 'status', 'maturity', 'volume_per_year'];

function loadColumns() {
  try {
    const v = JSON.parse(localStorage.getItem(COLUMNS_KEY));
    if (Array.isArray(v)) {
      const known = v.filter((k) => COLUMNS.some((c) => c.key === k));
      if (!known.includes('code')) known.unshift('code');
      return known;
    }
  } catch (_) { /* fall back to the default */ }
  return DEFAULT_COLUMNS;
}

function saveColumns(keys) {
  try { localStorage.setItem(COLUMNS_KEY, JSON.stringify(keys)); } catch (_) { /* ignore */ }
}

/* The view described by the URL query. */
function viewFromQuery(q) {
  const v = {};
  for (const k of URL_KEYS) v[k] = q.get(k) || '';
  const off = Number.parseInt(v.offset, 10);
  v.offset = Number.isFinite(off) && off > 0 ? off : 0;
  return v;
}

function viewUrl(view, change) {
  const next = { ...view, ...change };
  if (!next.offset) delete next.offset;
  return urlWith('/processes', next);
}

function FilterSelect({ name, label, value, options, onChange }) {
  const id = `inventory-filter-${name}`;
  return html`<div class="filter">
    <label for=${id}>${label}</label>
    <select id=${id} name=${name} value=${value} onChange=${(e) => onChange(name, e.target.value)}>
      <option value="">${t('inventory.filters.all')}</option>
      ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>
  </div>`;
}

function ColumnChooser({ columns, onChange }) {
  const toggle = (key, on) => {
    const next = COLUMNS.map((c) => c.key).filter((k) => (k === key ? on : columns.includes(k)));
    onChange(next);
  };
  return html`<details class="dropdown column-chooser">
    <summary role="button" class="secondary outline">${t('inventory.columns.button')}</summary>
    <ul>
      ${COLUMNS.map((c) => html`<li>
        <label>
          <input type="checkbox" name=${`column-${c.key}`} checked=${columns.includes(c.key)} disabled=${c.fixed}
            onChange=${(e) => toggle(c.key, e.target.checked)} />
          ${t(`field.${c.key}`)}
        </label>
      </li>`)}
    </ul>
  </details>`;
}

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
  useTitle(t('inventory.title'));
  const view = viewFromQuery(loc.query);
  const [columns, setColumns] = useState(loadColumns);
  const [notice] = useState(takeFlash); // e.g. "process deleted", from the page before
  const [units, setUnits] = useState(new Map());
  const [unitList, setUnitList] = useState([]);
  const [owners, setOwners] = useState(new Map());
  const [people, setPeople] = useState([]);

  useEffect(() => {
    allUnits().then((list) => {
      setUnits(new Map(list.map((u) => [u.id, u])));
      setUnitList(unitTree(list));
    }, () => { /* the table still works without unit names */ });
    allPeople().then(setPeople, () => { /* the owner filter then offers its current value only */ });
  }, []);

  const apiQuery = query({
    q: view.q, nature: view.nature, status: view.status, kind: view.kind, unit_id: view.unit_id,
    owner_id: view.owner_id, sort: view.sort, limit: PAGE_SIZE, offset: view.offset,
  });
  // The rows are requested while the page renders, not from an effect: Preact runs
  // effects only after the next frame, and on a fresh load that first frame (styles,
  // layout of the whole page) takes longer than the request. useAsync then waits for
  // the request already under way. (The empty catch only keeps a failure from being
  // reported as unhandled before useAsync has attached its own handlers.)
  const request = useMemo(() => {
    const p = get(`/processes${apiQuery}`);
    p.catch(() => {});
    return p;
  }, [apiQuery]);
  const { loading, data, error } = useAsync(() => request, [request]);

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

  const go = (change, replace = false) => navigate(viewUrl(view, { ...change, offset: change.offset ?? 0 }), { replace });
  const onSearch = (q, replace) => { if (q !== view.q) go({ q }, replace); };
  const onFilter = (name, value) => go({ [name]: value });
  const onSort = (sort) => go({ sort });
  const onColumns = (keys) => { setColumns(keys); saveColumns(keys); };
  const filtered = FILTERS.some((k) => view[k]) || view.q;
  const clearAll = () => navigate(view.sort ? urlWith('/processes', { sort: view.sort }) : '/processes');

  const shown = COLUMNS.filter((c) => columns.includes(c.key));
  const total = data ? data.total : 0;
  const items = data ? data.items : [];
  const from = total === 0 ? 0 : view.offset + 1;
  const to = Math.min(view.offset + items.length, total);

  let table;
  if (error) {
    table = html`<${ErrorBox} error=${error} />`;
  } else if (data && total === 0) {
    table = filtered
      ? html`<article class="empty">
          <h2>${t('inventory.empty.filtered.title')}</h2>
          <p>${t('inventory.empty.filtered.text')}</p>
          <button type="button" class="secondary" onClick=${clearAll}>${t('inventory.filters.clear')}</button>
        </article>`
      : html`<article class="empty">
          <h2>${t('inventory.empty.title')}</h2>
          <p>${t('inventory.empty.text')}</p>
          ${canImport()
            ? html`<p><a href="/import?kind=processes">${t('inventory.empty.import')}</a></p>`
            : html`<p><code>dti import processes FILE.csv</code></p>`}
          ${mayWriteProcess(null) && html`<p><a href="/processes/new" role="button">${t('inventory.new')}</a></p>`}
        </article>`;
  } else {
    table = html`<div class="table-wrap">
      <table class="striped inventory" aria-busy=${loading ? 'true' : 'false'} aria-describedby="inventory-range">
        <caption class="visually-hidden">${t('inventory.caption')}</caption>
        <thead><tr>${shown.map((c) => html`<${SortHeader} col=${c} label=${t(`field.${c.key}`)} sort=${view.sort}
          onSort=${onSort} />`)}</tr></thead>
        <tbody>
          ${items.map((p) => html`<tr key=${p.id} data-id=${p.id}>
            ${shown.map((c) => html`<${Cell} col=${c} p=${p} units=${units} owners=${owners} />`)}
          </tr>`)}
        </tbody>
      </table>
    </div>`;
  }

  // 'null' (the API's "no value"): the dashboard links to processes without a nature.
  const natureOptions = [...NATURES.map((v) => ({ value: v, label: t(`nature.${v}`) })),
    { value: 'null', label: t('inventory.filters.not_recorded') }];
  const statusOptions = STATUSES.map((v) => ({ value: v, label: t(`status.${v}`) }));
  const kindOptions = KINDS.map((v) => ({ value: v, label: t(`kind.${v}`) }));
  const unitOptions = unitList.map(({ unit, depth }) => ({
    value: String(unit.id),
    label: `${'\u00a0\u00a0'.repeat(depth)}${unit.code} — ${localized(unit, 'name')}`,
  }));
  const ownerOptions = [{ value: 'null', label: t('inventory.filters.no_owner') },
    ...people.map((pp) => ({ value: String(pp.id), label: pp.name }))];
  if (view.owner_id && !ownerOptions.some((o) => o.value === view.owner_id)) {
    ownerOptions.push({ value: view.owner_id, label: `#${view.owner_id}` });
  }
  // A unit id from a bookmark that the list does not know yet still shows as selected.
  if (view.unit_id && !unitOptions.some((o) => o.value === view.unit_id)) {
    unitOptions.push({ value: view.unit_id, label: `#${view.unit_id}` });
  }

  return html`<section class="inventory-page">
    <div class="page-head">
      <h1 tabindex="-1">${t('inventory.title')}</h1>
      ${mayWriteProcess(null) && html`<a href="/processes/new" role="button" class="new-process-button">${t('inventory.new')}</a>`}
    </div>
    <p class="lead">${t('inventory.intro')}</p>
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    <div class="toolbar">
      <${SearchBox} id="inventory-q" label=${t('inventory.search.label')}
        placeholder=${t('inventory.search.placeholder')} value=${view.q} onSearch=${onSearch} />
      <${ColumnChooser} columns=${columns} onChange=${onColumns} />
      <${ExportLink} resource="processes" params=${view}
        columns=${shown.filter((c) => !c.noExport).map((c) => c.key)} />
    </div>
    <fieldset class="filters">
      <legend>${t('inventory.filters.legend')}</legend>
      <${FilterSelect} name="nature" label=${t('inventory.filters.nature')} value=${view.nature} options=${natureOptions} onChange=${onFilter} />
      <${FilterSelect} name="status" label=${t('inventory.filters.status')} value=${view.status} options=${statusOptions} onChange=${onFilter} />
      <${FilterSelect} name="kind" label=${t('inventory.filters.kind')} value=${view.kind} options=${kindOptions} onChange=${onFilter} />
      <${FilterSelect} name="unit_id" label=${t('inventory.filters.unit')} value=${view.unit_id} options=${unitOptions} onChange=${onFilter} />
      <${FilterSelect} name="owner_id" label=${t('inventory.filters.owner')} value=${view.owner_id} options=${ownerOptions} onChange=${onFilter} />
      ${filtered && html`<div class="filter filter-clear"><button type="button" class="secondary outline" onClick=${clearAll}>${t('inventory.filters.clear')}</button></div>`}
    </fieldset>
    <p id="inventory-range" class="range" aria-live="polite" dir="auto">
      ${!data ? t('common.loading') : total === 0 ? t('inventory.range_none') : t('inventory.range', { from, to, total })}
    </p>
    ${table}
    <${Pager} offset=${view.offset} pageSize=${PAGE_SIZE} total=${total} from=${from} to=${to}
      onGo=${(offset) => go({ offset })} />
  </section>`;
}
