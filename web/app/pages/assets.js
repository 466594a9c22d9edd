// pages/assets.js — the register of information assets (Governance area): search,
// filters (kind, classification, lifecycle, medium, owner, steward unit with its
// sub-units, personal data, critical), sort by header, server-side paging and export
// of exactly that view. Everything that shapes the view lives in the URL query, so a
// view can be bookmarked and sent to a colleague. Each row shows its classification
// as a badge and how many findings the governance rules raise about it (one request
// for all findings, counted by asset).

import { html, useEffect, useMemo, useState } from '/vendor/htm-preact.mjs';
import { t, formatDate, formatNumber, localized } from '../i18n.js';
import { allPeople, allUnits, get, query } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { takeFlash, unitTree } from '../forms.js';
import { canImport } from './import.js';
import { ErrorBox, ExportLink, Pager, SearchBox, SortHeader, orNone, useAsync, useTitle } from '../components.js';
import {
  ASSET_KINDS, CLASSIFICATIONS, LIFECYCLES, MEDIA, SEVERITIES, ClassificationBadge, GovernanceNav, mayWriteAsset,
} from './asset_parts.js';

const PAGE_SIZE = 50;
const FILTERS = ['kind', 'classification', 'lifecycle', 'medium', 'owner_id', 'steward_unit_id', 'personal_data', 'critical'];
const URL_KEYS = ['q', ...FILTERS, 'sort', 'offset'];

const COLUMNS_KEY = 'dti.assets.columns';

// Columns: key (label asset.field.<key>), sort (the API's sort field), num, fixed (always
// shown), and the export columns it stands for (the CSV names of dti export).
const COLUMNS = [
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
];
const DEFAULT_COLUMNS = ['code', 'name', 'kind', 'classification', 'owner_id', 'steward_unit_id', 'flags', 'last_reviewed', 'findings'];

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

function ColumnChooser({ columns, onChange }) {
  const toggle = (key, on) => onChange(COLUMNS.map((c) => c.key).filter((k) => (k === key ? on : columns.includes(k))));
  return html`<details class="dropdown column-chooser">
    <summary role="button" class="secondary outline">${t('inventory.columns.button')}</summary>
    <ul>
      ${COLUMNS.map((c) => html`<li>
        <label>
          <input type="checkbox" name=${`column-${c.key}`} checked=${columns.includes(c.key)} disabled=${c.fixed}
            onChange=${(e) => toggle(c.key, e.target.checked)} />
          ${t(`asset.field.${c.key}`)}
        </label>
      </li>`)}
    </ul>
  </details>`;
}

function viewFromQuery(q) {
  const v = {};
  for (const k of URL_KEYS) v[k] = q.get(k) || '';
  const off = Number.parseInt(v.offset, 10);
  v.offset = Number.isFinite(off) && off > 0 ? off : 0;
  return v;
}

function FilterSelect({ name, label, value, options, onChange }) {
  const id = `assets-filter-${name}`;
  return html`<div class="filter">
    <label for=${id}>${label}</label>
    <select id=${id} name=${name} value=${value} onChange=${(e) => onChange(name, e.target.value)}>
      <option value="">${t('inventory.filters.all')}</option>
      ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>
  </div>`;
}

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
  const title = t('assets.title');
  useTitle(title);
  const view = viewFromQuery(loc.query);
  const [notice] = useState(takeFlash); // e.g. "asset deleted", from the page before
  const [columns, setColumns] = useState(loadColumns);
  const onColumns = (keys) => { setColumns(keys); saveColumns(keys); };
  const shown = COLUMNS.filter((c) => columns.includes(c.key));
  const [units, setUnits] = useState(new Map());
  const [unitList, setUnitList] = useState([]);
  const [people, setPeople] = useState(new Map());
  const [peopleList, setPeopleList] = useState([]);
  useEffect(() => {
    allUnits().then((list) => {
      setUnits(new Map(list.map((u) => [u.id, u])));
      setUnitList(unitTree(list));
    }, () => { /* codes stay unknown */ });
    allPeople().then((list) => {
      setPeople(new Map(list.map((p) => [p.id, p])));
      setPeopleList(list);
    }, () => { /* names stay unknown */ });
  }, []);
  const { data: findings } = useAsync(() => loadFindingCounts().catch(() => new Map()), []);

  const params = {};
  for (const k of FILTERS) params[k] = view[k];
  const apiQuery = query({ q: view.q, ...params, sort: view.sort, limit: PAGE_SIZE, offset: view.offset });
  const request = useMemo(() => {
    const p = get(`/assets${apiQuery}`);
    p.catch(() => {});
    return p;
  }, [apiQuery]);
  const { loading, data, error } = useAsync(() => request, [request]);

  const go = (change, replace = false) => {
    const next = { ...view, ...change, offset: change.offset ?? 0 };
    if (!next.offset) delete next.offset;
    navigate(urlWith('/assets', next), { replace });
  };
  const onSearch = (q, replace) => { if (q !== view.q) go({ q }, replace); };
  const onFilter = (name, value) => go({ [name]: value });
  const onSort = (sort) => go({ sort });
  const filtered = FILTERS.some((k) => view[k]) || view.q;
  const clearAll = () => navigate(view.sort ? urlWith('/assets', { sort: view.sort }) : '/assets');
  const mayCreate = mayWriteAsset(null);

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
          <p>${t('assets.empty.filtered')}</p>
          <button type="button" class="secondary" onClick=${clearAll}>${t('inventory.filters.clear')}</button>
        </article>`
      : html`<article class="empty">
          <h2>${t('assets.empty.title')}</h2>
          <p>${t('assets.empty.text')}</p>
          ${mayCreate && html`<p><a href="/assets/new" role="button">${t('assets.new')}</a></p>`}
          ${canImport()
            ? html`<p><a href="/import?kind=assets">${t('assets.empty.import')}</a></p>`
            : html`<p><code>dti import assets FILE.csv</code></p>`}
        </article>`;
  } else {
    table = html`<div class="table-wrap">
      <table class="striped list-table assets-table" aria-busy=${loading ? 'true' : 'false'} aria-describedby="assets-range">
        <caption class="visually-hidden">${t('assets.caption')}</caption>
        <thead><tr>${shown.map((c) => html`<${SortHeader} col=${c} label=${t(`asset.field.${c.key}`)} sort=${view.sort}
          onSort=${onSort} />`)}</tr></thead>
        <tbody>
          ${items.map((a) => html`<tr key=${a.id} data-id=${a.id}>
            ${shown.map((c) => html`<${Cell} col=${c} a=${a} units=${units} people=${people} findings=${findings} />`)}
          </tr>`)}
        </tbody>
      </table>
    </div>`;
  }

  const opts = (values, prefix) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  const unitOptions = unitList.map(({ unit, depth }) => ({
    value: String(unit.id), label: `${'\u00a0\u00a0'.repeat(depth)}${unit.code} — ${localized(unit, 'name')}`,
  }));
  if (view.steward_unit_id && !unitOptions.some((o) => o.value === view.steward_unit_id)) {
    unitOptions.push({ value: view.steward_unit_id, label: `#${view.steward_unit_id}` });
  }
  const ownerOptions = [{ value: 'null', label: t('inventory.filters.no_owner') },
    ...peopleList.map((p) => ({ value: String(p.id), label: p.name }))];
  if (view.owner_id && !ownerOptions.some((o) => o.value === view.owner_id)) {
    ownerOptions.push({ value: view.owner_id, label: `#${view.owner_id}` });
  }
  const yesNo = [{ value: 'true', label: t('history.yes') }, { value: 'false', label: t('history.no') }];

  return html`<${GovernanceNav} path=${loc.path} />
  <section class="assets-page">
    <div class="page-head">
      <h1 tabindex="-1">${title}</h1>
      ${mayCreate && html`<a href="/assets/new" role="button" class="new-button">${t('assets.new')}</a>`}
    </div>
    <p class="lead">${t('assets.intro')}</p>
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    <div class="toolbar">
      <${SearchBox} id="assets-q" label=${t('assets.search.label')} placeholder=${t('assets.search.placeholder')}
        value=${view.q} onSearch=${onSearch} />
      <${ColumnChooser} columns=${columns} onChange=${onColumns} />
      <${ExportLink} resource="assets" params=${{ q: view.q, ...params, sort: view.sort }} columns=${shown.flatMap((c) => c.exp)} />
    </div>
    <fieldset class="filters">
      <legend>${t('inventory.filters.legend')}</legend>
      <${FilterSelect} name="kind" label=${t('asset.field.kind')} value=${view.kind} options=${opts(ASSET_KINDS, 'asset.kind')} onChange=${onFilter} />
      <${FilterSelect} name="classification" label=${t('asset.field.classification')} value=${view.classification}
        options=${opts(CLASSIFICATIONS, 'asset.classification')} onChange=${onFilter} />
      <${FilterSelect} name="lifecycle" label=${t('asset.field.lifecycle')} value=${view.lifecycle} options=${opts(LIFECYCLES, 'asset.lifecycle')} onChange=${onFilter} />
      <${FilterSelect} name="medium" label=${t('asset.field.medium')} value=${view.medium} options=${opts(MEDIA, 'asset.medium')} onChange=${onFilter} />
      <${FilterSelect} name="owner_id" label=${t('asset.field.owner_id')} value=${view.owner_id} options=${ownerOptions} onChange=${onFilter} />
      <${FilterSelect} name="steward_unit_id" label=${t('asset.field.steward_unit_id')} value=${view.steward_unit_id} options=${unitOptions} onChange=${onFilter} />
      <${FilterSelect} name="personal_data" label=${t('asset.field.personal_data')} value=${view.personal_data} options=${yesNo} onChange=${onFilter} />
      <${FilterSelect} name="critical" label=${t('asset.field.critical')} value=${view.critical} options=${yesNo} onChange=${onFilter} />
      ${filtered && html`<div class="filter filter-clear"><button type="button" class="secondary outline" onClick=${clearAll}>${t('inventory.filters.clear')}</button></div>`}
    </fieldset>
    <p id="assets-range" class="range" aria-live="polite" dir="auto">
      ${!data ? t('common.loading') : total === 0 ? t('lists.range_none') : t('inventory.range', { from, to, total })}
    </p>
    ${table}
    <${Pager} offset=${view.offset} pageSize=${PAGE_SIZE} total=${total} from=${from} to=${to} onGo=${(offset) => go({ offset })} />
  </section>`;
}
