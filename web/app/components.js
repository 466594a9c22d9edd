// components.js — pieces every page uses: the nature tag and status badge, loading and
// error states, the page title, the title of a row's page, and useAsync for data loading.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, language } from './i18n.js';

export const NATURES = ['paper', 'manual', 'partly_digital', 'digital'];
export const STATUSES = ['inventoried', 'assessed', 'prioritised', 'in_transformation', 'transformed'];
export const KINDS = ['process', 'procedure', 'working_method'];

/* Runs FN (returning a promise) whenever DEPS change; {loading, data, error}. The last
 * data stays while the next load runs, so a table does not flicker. */
export function useAsync(fn, deps) {
  const [state, setState] = useState({ loading: true, data: null, error: null });
  useEffect(() => {
    let live = true;
    setState((s) => ({ loading: true, data: s.data, error: null }));
    fn().then(
      (data) => { if (live) setState({ loading: false, data, error: null }); },
      (error) => { if (live) setState({ loading: false, data: null, error }); },
    );
    return () => { live = false; };
  }, deps);
  return state;
}

/* The nature of a process: the word, with its colour beside it (never colour alone). */
export function NatureTag({ value }) {
  if (!value) return html`<span class="muted">${t('common.none')}</span>`;
  return html`<span class=${`nature nature-${value}`}><span class="swatch" aria-hidden="true"></span>${t(`nature.${value}`)}</span>`;
}

export function StatusBadge({ value }) {
  if (!value) return html`<span class="muted">${t('common.none')}</span>`;
  return html`<span class=${`badge status-${value}`}>${t(`status.${value}`)}</span>`;
}

export function Loading() {
  return html`<p aria-busy="true">${t('common.loading')}</p>`;
}

export function ErrorBox({ error }) {
  if (!error) return null;
  let text = error.detail || error.message || String(error);
  if (error.status === 0) text = t('error.network');
  else if (error.status === 403) text = t('error.forbidden');
  else if (error.status === 404) text = t('error.not_found');
  return html`<article class="error-box" role="alert"><strong>${t('error.title')}</strong> ${text}</article>`;
}

/* The title of a row's page (a process, an asset): its code and its name in the user's
 * language, with the original name below when that is a translation; with ONEDIT an
 * Edit button (LABEL), disabled while BUSY. */
export function ItemTitle({ row, label, busy, onEdit }) {
  const translated = language() !== 'en' && row[`name_${language()}`];
  return html`<div class="process-title">
    <h1 tabindex="-1"><span class="code">${row.code}</span> ${translated || row.name}</h1>
    ${translated && html`<p class="original-name" lang="en">${row.name}</p>`}
    ${onEdit && html`<button type="button" class="edit-button" disabled=${busy} onClick=${onEdit}>${label}</button>`}
  </div>`;
}

/* Sets the document title to "TEXT · dti". */
export function useTitle(text) {
  useEffect(() => { document.title = text ? `${text} · dti` : 'dti'; }, [text]);
}

/* A value or the "not set" dash. */
export function orNone(v) {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) {
    return html`<span class="muted">${t('common.none')}</span>`;
  }
  return v;
}

/* The search box of a list: searches 300 ms after typing stops, or at once on Enter
 * (onSearch(text, typing)); follows VALUE from the address (back button, "clear
 * filters") unless the user is typing in it. */
export function SearchBox({ id, label, placeholder, value, onSearch }) {
  const [text, setText] = useState(value);
  const input = useRef(null);
  const timer = useRef(0);
  useEffect(() => {
    if (document.activeElement !== input.current) setText(value);
  }, [value]);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onInput = (ev) => {
    const v = ev.target.value;
    setText(v);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onSearch(v.trim(), true), 300);
  };
  const onSubmit = (ev) => {
    ev.preventDefault();
    clearTimeout(timer.current);
    onSearch(text.trim(), false);
  };
  return html`<search class="search"><form onSubmit=${onSubmit}>
    <label for=${id}>${label}</label>
    <input id=${id} name="q" type="search" ref=${input} value=${text} onInput=${onInput}
      placeholder=${placeholder} autocomplete="off" />
  </form></search>`;
}

/* A sortable column header: col.sort is the API's sort field (none: not sortable),
 * SORT the list's current sort; clicking asks onSort for ascending, then descending. */
export function SortHeader({ col, label, sort, onSort }) {
  const cls = col.num ? 'num' : undefined;
  if (!col.sort) return html`<th scope="col" class=${cls} data-column=${col.key}>${label}</th>`;
  const dir = sort === col.sort ? 'ascending' : sort === `-${col.sort}` ? 'descending' : undefined;
  const next = dir === 'ascending' ? `-${col.sort}` : col.sort;
  const arrow = dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : '↕';
  return html`<th scope="col" class=${cls} aria-sort=${dir || 'none'} data-column=${col.key}>
    <button type="button" class="sort-button" onClick=${() => onSort(next)}
      title=${t(dir === 'ascending' ? 'inventory.sort.descending' : 'inventory.sort.ascending', { column: label })}>
      ${label}<span class="sort-arrow" aria-hidden="true">${arrow}</span>
    </button>
  </th>`;
}

/* "Export CSV" and "Export Excel": every row of RESOURCE that PARAMS (filters, q,
 * sort) select, with COLUMNS (API field or CSV names; empty: the columns of dti
 * export), as a download from GET /api/v1/RESOURCE?format=csv|xlsx — the CSV file
 * imports back. */
export function ExportLink({ resource, params, columns }) {
  const href = (format) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== undefined && v !== null && v !== '' && k !== 'offset' && k !== 'limit') q.set(k, String(v));
    }
    q.set('format', format);
    if (columns && columns.length) q.set('columns', columns.join(','));
    return `/api/v1/${resource}?${q}`;
  };
  return html`<span class="export-links">
    <a class="export-link secondary outline" role="button" href=${href('csv')}
      download=${`${resource}.csv`} title=${t('list.export.title')}>${t('list.export')}</a>
    <a class="export-link secondary outline" role="button" href=${href('xlsx')}
      download=${`${resource}.xlsx`} title=${t('list.export_xlsx.title')}>${t('list.export_xlsx')}</a>
  </span>`;
}

/* Previous / next for a list paged by the server: OFFSET of PAGE_SIZE rows out of
 * TOTAL, FROM–TO shown; onGo(offset) moves. Nothing when one page holds everything. */
export function Pager({ offset, pageSize, total, from, to, onGo }) {
  if (total <= pageSize) return null;
  return html`<nav class="pager" aria-label=${t('inventory.pager.label')}>
    <button type="button" class="secondary" disabled=${offset === 0}
      onClick=${() => onGo(Math.max(0, offset - pageSize))}>${t('inventory.pager.previous')}</button>
    <span dir="auto">${t('inventory.range', { from, to, total })}</span>
    <button type="button" class="secondary" disabled=${offset + pageSize >= total}
      onClick=${() => onGo(offset + pageSize)}>${t('inventory.pager.next')}</button>
  </nav>`;
}
