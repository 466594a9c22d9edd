// pages/list_page.js — the frame of a list with filters and a column chooser (the process
// inventory, the asset register), so that both work and read alike: everything that
// shapes the view lives in the URL query (q, the filters, sort, offset), so a view can be
// bookmarked and sent to a colleague; the rows of that view come from the server a page
// at a time; the chosen columns are kept in localStorage; the "x–y of N" line, the
// table or the empty state (filtered, or nothing yet: import and create), the pager and
// the export of exactly that view. A page describes itself with a CFG, loads what its
// cells need and draws them (CELL); the frame draws everything else.
//
// CFG: name (the i18n prefix of NAME.title, .intro, .new, .caption, .search.label,
// .search.placeholder, .empty.title, .empty.text and .empty.import, of the element ids
// NAME-q, NAME-range and NAME-filter-F, and of the class NAME-page); resource (the API's
// and the app's path, the export and the import kind); filters (their URL keys, in the
// order of the API's query); columns [{key, sort (the API's sort field), num
// (right-aligned), fixed (always shown), exp (the export columns it stands for, default
// [key])}], defaultColumns, columnsKey (localStorage); label (the i18n prefix of a
// column's name); tableClass; newClass (of the "New" button); emptyActions ('new' and
// 'import' in the order the empty page offers them); mayCreate() (whether the role may
// create a row); msgs {filtered (the empty page's text when filtered), rangeNone}.

import { html, useMemo, useState } from '/vendor/htm-preact.mjs';
import { t, localized } from '../i18n.js';
import { get, query } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { takeFlash } from '../forms.js';
import { canImport } from './import.js';
import { ErrorBox, ExportLink, Pager, SearchBox, SortHeader, useAsync, useTitle } from '../components.js';

const PAGE_SIZE = 50;

function loadColumns(cfg) {
  try {
    const v = JSON.parse(localStorage.getItem(cfg.columnsKey));
    if (Array.isArray(v)) {
      const known = v.filter((k) => cfg.columns.some((c) => c.key === k));
      if (!known.includes('code')) known.unshift('code');
      return known;
    }
  } catch (_) { /* fall back to the default */ }
  return cfg.defaultColumns;
}

function saveColumns(cfg, keys) {
  try { localStorage.setItem(cfg.columnsKey, JSON.stringify(keys)); } catch (_) { /* ignore */ }
}

/* The view described by the URL query Q: q, the FILTERS and sort as text, offset a
 * number. */
function viewFromQuery(q, filters) {
  const v = {};
  for (const k of ['q', ...filters, 'sort', 'offset']) v[k] = q.get(k) || '';
  const off = Number.parseInt(v.offset, 10);
  v.offset = Number.isFinite(off) && off > 0 ? off : 0;
  return v;
}

/* The state of the list page CFG at location LOC: {view, columns (the keys chosen),
 * onColumns(keys), notice (left by the page before, e.g. "deleted"), loading, data,
 * error}. */
export function useFilteredList(loc, cfg) {
  const view = viewFromQuery(loc.query, cfg.filters);
  const [columns, setColumns] = useState(() => loadColumns(cfg));
  const [notice] = useState(takeFlash);
  const params = {};
  for (const k of cfg.filters) params[k] = view[k];
  const apiQuery = query({ q: view.q, ...params, sort: view.sort, limit: PAGE_SIZE, offset: view.offset });
  // The rows are requested while the page renders, not from an effect: Preact runs
  // effects only after the next frame, and on a fresh load that first frame (styles,
  // layout of the whole page) takes longer than the request. useAsync then waits for
  // the request already under way. (The empty catch only keeps a failure from being
  // reported as unhandled before useAsync has attached its own handlers.)
  const request = useMemo(() => {
    const p = get(`/${cfg.resource}${apiQuery}`);
    p.catch(() => {});
    return p;
  }, [apiQuery]);
  const { loading, data, error } = useAsync(() => request, [request]);
  const onColumns = (keys) => { setColumns(keys); saveColumns(cfg, keys); };
  return { view, columns, onColumns, notice, loading, data, error };
}

/* The choices of a filter of an enumeration: each of VALUES, named by the i18n key
 * PREFIX.value. */
export function enumOptions(values, prefix) {
  return values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
}

/* The choices of a unit filter: every unit of UNITS ({unit, depth} in tree order),
 * indented by its depth. */
export function unitOptions(units) {
  return units.map(({ unit, depth }) => ({
    value: String(unit.id), label: `${'\u00a0\u00a0'.repeat(depth)}${unit.code} — ${localized(unit, 'name')}`,
  }));
}

/* The choices of an owner filter: "no owner" ('null', the API's "no value"), then
 * every person of PEOPLE by name. */
export function ownerOptions(people) {
  return [{ value: 'null', label: t('inventory.filters.no_owner') },
    ...people.map((p) => ({ value: String(p.id), label: p.name }))];
}

/* One filter: NAME its URL key, LABEL, OPTIONS [{value, label}] after "all"; KEEP: a
 * value the options do not know (an id from a bookmark, not loaded yet or gone) still
 * shows as selected, as "#id". */
function FilterSelect({ prefix, name, label, value, options, keep, onChange }) {
  const id = `${prefix}-filter-${name}`;
  const shown = keep && value && !options.some((o) => o.value === value) ? [...options, { value, label: `#${value}` }] : options;
  return html`<div class="filter">
    <label for=${id}>${label}</label>
    <select id=${id} name=${name} value=${value} onChange=${(e) => onChange(name, e.target.value)}>
      <option value="">${t('inventory.filters.all')}</option>
      ${shown.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>
  </div>`;
}

function ColumnChooser({ cfg, columns, onChange }) {
  const toggle = (key, on) => onChange(cfg.columns.map((c) => c.key).filter((k) => (k === key ? on : columns.includes(k))));
  return html`<details class="dropdown column-chooser">
    <summary role="button" class="secondary outline">${t('inventory.columns.button')}</summary>
    <ul>
      ${cfg.columns.map((c) => html`<li>
        <label>
          <input type="checkbox" name=${`column-${c.key}`} checked=${columns.includes(c.key)} disabled=${c.fixed}
            onChange=${(e) => toggle(c.key, e.target.checked)} />
          ${t(`${cfg.label}.${c.key}`)}
        </label>
      </li>`)}
    </ul>
  </details>`;
}

/* The top of a list page (also of those of lists.js): its title NAME.title, with a
 * "New" button of class NEWCLASS to NEWHREF (none without it: the role may not create),
 * the intro NAME.intro, NOTICE (left by the page before), then the toolbar: the search
 * box (Q the search, onSearch) and CHILDREN, the list's other tools. */
export function ListHead({ name, newHref, newClass, notice, q, onSearch, children }) {
  return html`<div class="page-head">
      <h1 tabindex="-1">${t(`${name}.title`)}</h1>
      ${newHref && html`<a href=${newHref} role="button" class=${newClass}>${t(`${name}.new`)}</a>`}
    </div>
    <p class="lead">${t(`${name}.intro`)}</p>
    ${notice && html`<p class="form-notice" role="status">${notice}</p>`}
    <div class="toolbar">
      <${SearchBox} id=${`${name}-q`} label=${t(`${name}.search.label`)}
        placeholder=${t(`${name}.search.placeholder`)} value=${q} onSearch=${onSearch} />
      ${children}
    </div>`;
}

/* The page of CFG: LIST from useFilteredList, FILTERS the filter selects [{name, label,
 * options, keep}] (see FilterSelect), CELL(col, row) the <td> of a row's column. */
export function FilteredListPage({ cfg, list, filters, cell }) {
  const { view, columns, onColumns, notice, loading, data, error } = list;
  useTitle(t(`${cfg.name}.title`));
  const path = `/${cfg.resource}`;
  const go = (change, replace = false) => {
    const next = { ...view, ...change, offset: change.offset ?? 0 };
    if (!next.offset) delete next.offset;
    navigate(urlWith(path, next), { replace });
  };
  const onSearch = (q, replace) => { if (q !== view.q) go({ q }, replace); };
  const onFilter = (name, value) => go({ [name]: value });
  const onSort = (sort) => go({ sort });
  const filtered = cfg.filters.some((k) => view[k]) || view.q;
  const clearAll = () => navigate(view.sort ? urlWith(path, { sort: view.sort }) : path);
  const mayCreate = cfg.mayCreate();
  const rangeId = `${cfg.name}-range`;

  const shown = cfg.columns.filter((c) => columns.includes(c.key));
  const total = data ? data.total : 0;
  const items = data ? data.items : [];
  const from = total === 0 ? 0 : view.offset + 1;
  const to = Math.min(view.offset + items.length, total);

  let table;
  if (error) {
    table = html`<${ErrorBox} error=${error} />`;
  } else if (data && total === 0) {
    const actions = {
      new: mayCreate && html`<p><a href=${`${path}/new`} role="button">${t(`${cfg.name}.new`)}</a></p>`,
      import: canImport()
        ? html`<p><a href=${`/import?kind=${cfg.resource}`}>${t(`${cfg.name}.empty.import`)}</a></p>`
        : html`<p><code>${`dti import ${cfg.resource} FILE.csv`}</code></p>`,
    };
    table = filtered
      ? html`<article class="empty">
          <h2>${t('inventory.empty.filtered.title')}</h2>
          <p>${t(cfg.msgs.filtered)}</p>
          <button type="button" class="secondary" onClick=${clearAll}>${t('inventory.filters.clear')}</button>
        </article>`
      : html`<article class="empty">
          <h2>${t(`${cfg.name}.empty.title`)}</h2>
          <p>${t(`${cfg.name}.empty.text`)}</p>
          ${cfg.emptyActions.map((k) => actions[k])}
        </article>`;
  } else {
    table = html`<div class="table-wrap">
      <table class=${`striped ${cfg.tableClass}`} aria-busy=${loading ? 'true' : 'false'} aria-describedby=${rangeId}>
        <caption class="visually-hidden">${t(`${cfg.name}.caption`)}</caption>
        <thead><tr>${shown.map((c) => html`<${SortHeader} col=${c} label=${t(`${cfg.label}.${c.key}`)} sort=${view.sort}
          onSort=${onSort} />`)}</tr></thead>
        <tbody>
          ${items.map((row) => html`<tr key=${row.id} data-id=${row.id}>
            ${shown.map((c) => cell(c, row))}
          </tr>`)}
        </tbody>
      </table>
    </div>`;
  }

  return html`<section class=${`${cfg.name}-page`}>
    <${ListHead} name=${cfg.name} newHref=${mayCreate && `${path}/new`} newClass=${cfg.newClass} notice=${notice}
      q=${view.q} onSearch=${onSearch}>
      <${ColumnChooser} cfg=${cfg} columns=${columns} onChange=${onColumns} />
      <${ExportLink} resource=${cfg.resource} params=${view} columns=${shown.flatMap((c) => c.exp || [c.key])} />
    </${ListHead}>
    <fieldset class="filters">
      <legend>${t('inventory.filters.legend')}</legend>
      ${filters.map((f) => html`<${FilterSelect} prefix=${cfg.name} name=${f.name} label=${f.label} value=${view[f.name]}
        options=${f.options} keep=${f.keep} onChange=${onFilter} />`)}
      ${filtered && html`<div class="filter filter-clear"><button type="button" class="secondary outline" onClick=${clearAll}>${t('inventory.filters.clear')}</button></div>`}
    </fieldset>
    <p id=${rangeId} class="range" aria-live="polite" dir="auto">
      ${!data ? t('common.loading') : total === 0 ? t(cfg.msgs.rangeNone) : t('inventory.range', { from, to, total })}
    </p>
    ${table}
    <${Pager} offset=${view.offset} pageSize=${PAGE_SIZE} total=${total} from=${from} to=${to}
      onGo=${(offset) => go({ offset })} />
  </section>`;
}
