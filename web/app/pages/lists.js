// pages/lists.js — the other lists of the Inventory area: units, people and goals.
// Read-only tables with a search box, sort by header click (where the API sorts in a
// meaningful order), server-side paging; q, sort and offset live in the URL query, so
// a view can be bookmarked. A unit's row links to the processes of that unit. Admins
// and analysts also get "New …" and an Edit link on every row (pages/reference.js);
// other roles do not see them.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, localized } from '../i18n.js';
import { allUnits, get, lookup, query } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { ErrorBox, ExportLink, Pager, SortHeader, orNone, useAsync, useTitle } from '../components.js';
import { mayWriteReference, takeFlash } from '../forms.js';
import { ListHead } from './list_page.js';

const PAGE_SIZE = 50;

function viewFromQuery(q) {
  const off = Number.parseInt(q.get('offset') || '', 10);
  return { q: q.get('q') || '', sort: q.get('sort') || '', offset: Number.isFinite(off) && off > 0 ? off : 0 };
}

/* Every unit by id (for the parent and unit codes), loaded once. */
function useUnits() {
  const [units, setUnits] = useState(new Map());
  useEffect(() => {
    allUnits().then((list) => setUnits(new Map(list.map((u) => [u.id, u]))), () => { /* codes stay unknown */ });
  }, []);
  return units;
}

const unitCode = (units, id) => {
  if (id === null || id === undefined) return orNone(null);
  const u = units.get(id);
  return u ? html`<span class="code" title=${localized(u, 'name')}>${u.code}</span>` : html`<span class="muted">#${id}</span>`;
};

/* One list page. CFG: name (the i18n prefix and the resource), path, columns
 * [{key, label, sort, cell(row, ctx)}], ctx (what the cells need). */
function ListPage({ loc, cfg, ctx }) {
  const title = t(`${cfg.name}.title`);
  useTitle(title);
  const view = viewFromQuery(loc.query);
  const apiQuery = query({ q: view.q, sort: view.sort, limit: PAGE_SIZE, offset: view.offset });
  const { loading, data, error } = useAsync(() => get(`/${cfg.resource}${apiQuery}`), [apiQuery]);
  useEffect(() => { if (data && cfg.onData) cfg.onData(data.items); }, [data]);
  const [notice] = useState(takeFlash);
  const writable = mayWriteReference();
  // The row's Edit link comes back to this view (its search, sort and page).
  const here = loc.path + loc.search;
  const columns = writable ? [...cfg.columns, {
    key: 'actions', label: 'lists.col.actions', cls: 'actions',
    cell: (row) => html`<a href=${urlWith(`${cfg.path}/${row.id}/edit`, { next: here })} class="edit-link"
      aria-label=${t('lists.edit_named', { name: cfg.rowName(row) })}>${t('lists.edit')}</a>`,
  }] : cfg.columns;

  const go = (change, replace = false) => {
    const next = { ...view, ...change };
    if (!next.offset) delete next.offset;
    navigate(urlWith(cfg.path, next), { replace });
  };
  const onSearch = (q, replace) => { if (q !== view.q) go({ q, offset: 0 }, replace); };
  const onSort = (sort) => go({ sort, offset: 0 });

  const total = data ? data.total : 0;
  const items = data ? data.items : [];
  const from = total === 0 ? 0 : view.offset + 1;
  const to = Math.min(view.offset + items.length, total);
  const rangeId = `${cfg.name}-range`;

  let table;
  if (error) {
    table = html`<${ErrorBox} error=${error} />`;
  } else if (data && total === 0) {
    table = html`<article class="empty">
      <h2>${t(view.q ? 'lists.empty.filtered.title' : `${cfg.name}.empty.title`)}</h2>
      <p>${t(view.q ? 'lists.empty.filtered.text' : `${cfg.name}.empty.text`)}</p>
      ${view.q && html`<button type="button" class="secondary" onClick=${() => go({ q: '', offset: 0 })}>${t('lists.clear')}</button>`}
      ${!view.q && writable && html`<p><a href=${`${cfg.path}/new`} role="button">${t(`${cfg.name}.new`)}</a></p>`}
    </article>`;
  } else {
    table = html`<div class="table-wrap">
      <table class=${`striped list-table ${cfg.name}-table`} aria-busy=${loading ? 'true' : 'false'} aria-describedby=${rangeId}>
        <caption class="visually-hidden">${title}</caption>
        <thead><tr>${columns.map((c) => html`<${SortHeader} col=${c} label=${t(c.label)} sort=${view.sort}
          onSort=${onSort} />`)}</tr></thead>
        <tbody>
          ${items.map((row) => html`<tr key=${row.id} data-id=${row.id}>
            ${columns.map((c) => html`<td class=${c.cls}>${c.cell(row, ctx)}</td>`)}
          </tr>`)}
        </tbody>
      </table>
    </div>`;
  }

  return html`<section class=${`list-page ${cfg.name}-page`}>
    <${ListHead} name=${cfg.name} newHref=${writable && urlWith(`${cfg.path}/new`, { next: here })} newClass="new-button"
      notice=${notice} q=${view.q} onSearch=${onSearch}>
      <${ExportLink} resource=${cfg.resource} params=${{ q: view.q, sort: view.sort }} />
    </${ListHead}>
    <p id=${rangeId} class="range list-range" aria-live="polite" dir="auto">
      ${!data ? t('common.loading') : total === 0 ? t('lists.range_none') : t('inventory.range', { from, to, total })}
    </p>
    ${table}
    <${Pager} offset=${view.offset} pageSize=${PAGE_SIZE} total=${total} from=${from} to=${to}
      onGo=${(offset) => go({ offset })} />
  </section>`;
}

const UNITS = {
  name: 'units', resource: 'units', path: '/units', rowName: (u) => u.code,
  columns: [
    { key: 'code', label: 'units.col.code', sort: 'code', cls: 'code',
      cell: (u) => html`<a href=${urlWith('/processes', { unit_id: u.id })} title=${t('units.processes_of', { code: u.code })}>${u.code}</a>` },
    { key: 'name', label: 'units.col.name', sort: 'name',
      cell: (u) => html`<a href=${urlWith('/processes', { unit_id: u.id })}>${localized(u, 'name')}</a>` },
    { key: 'kind', label: 'units.col.kind', sort: 'kind', cell: (u) => (u.kind ? t(`unit_kind.${u.kind}`) : orNone(null)) },
    { key: 'parent', label: 'units.col.parent', cell: (u, { units }) => unitCode(units, u.parent_id) },
  ],
};

const PEOPLE = {
  name: 'people', resource: 'people', path: '/people', rowName: (p) => p.name,
  columns: [
    { key: 'name', label: 'people.col.name', sort: 'name', cell: (p) => p.name },
    { key: 'email', label: 'people.col.email', sort: 'email', cell: (p) => html`<a href=${`mailto:${p.email}`}>${p.email}</a>` },
    { key: 'unit', label: 'people.col.unit', cell: (p, { units }) => unitCode(units, p.unit_id) },
    { key: 'title', label: 'people.col.title', sort: 'title', cell: (p) => orNone(p.title) },
    { key: 'weekly_capacity_hours', label: 'people.col.capacity', sort: 'weekly_capacity_hours', cls: 'num',
      cell: (p) => orNone(p.weekly_capacity_hours === null || p.weekly_capacity_hours === undefined ? null : formatNumber(p.weekly_capacity_hours)) },
  ],
};

const GOALS = {
  name: 'goals', resource: 'goals', path: '/goals', rowName: (g) => g.code,
  columns: [
    { key: 'code', label: 'goals.col.code', sort: 'code', cls: 'code', cell: (g) => g.code },
    { key: 'title', label: 'goals.col.title', sort: 'title', cell: (g) => localized(g, 'title') },
    { key: 'framework', label: 'goals.col.framework', sort: 'framework', cell: (g) => t(`goal.framework.${g.framework}`) },
    { key: 'parent', label: 'goals.col.parent', cell: (g, { goals }) => {
      if (g.parent_id === null || g.parent_id === undefined) return orNone(null);
      const p = goals.get(g.parent_id);
      return p ? html`<span class="code" title=${localized(p, 'title')}>${p.code}</span>` : html`<span class="muted">#${g.parent_id}</span>`;
    } },
  ],
};

export function UnitsPage({ loc }) {
  const units = useUnits();
  return html`<${ListPage} loc=${loc} cfg=${UNITS} ctx=${{ units }} />`;
}

export function PeoplePage({ loc }) {
  const units = useUnits();
  return html`<${ListPage} loc=${loc} cfg=${PEOPLE} ctx=${{ units }} />`;
}

export function GoalsPage({ loc }) {
  const [goals, setGoals] = useState(new Map());
  // The parents of the rows shown, looked up by id (and kept).
  const cfg = useRef({
    ...GOALS,
    onData: (items) => {
      const ids = [...new Set(items.map((g) => g.parent_id).filter((id) => id !== null && id !== undefined))];
      Promise.all(ids.map((id) => lookup('goals', id).catch(() => null))).then((found) => {
        setGoals((old) => {
          const m = new Map(old);
          found.forEach((g) => { if (g) m.set(g.id, g); });
          return m;
        });
      });
    },
  }).current;
  return html`<${ListPage} loc=${loc} cfg=${cfg} ctx=${{ goals }} />`;
}
