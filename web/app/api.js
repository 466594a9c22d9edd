// api.js — the JSON API: fetch with the session cookie, JSON bodies, the CSRF token on
// writes, problem+json errors as ApiError {status, detail, errors[]}, and 401 sending
// the user to the log-in page.

import { navigate } from './router.js';

const BASE = '/api/v1';
let session = null; // {user, csrf_token, person_id} while logged in

export class ApiError extends Error {
  constructor(status, detail, errors, title, problem) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.detail = detail || title || '';
    this.title = title || '';
    this.errors = Array.isArray(errors) ? errors : [];
    this.problem = problem || {}; // the whole problem document (e.g. an import's counts)
  }
}

export function currentSession() { return session; }

function goToLogin() {
  if (location.pathname === '/login') return;
  const next = location.pathname + location.search;
  navigate(`/login?next=${encodeURIComponent(next)}`);
}

/* Calls METHOD PATH (under /api/v1) with BODY as JSON — or, with opts.contentType,
 * BODY as it is (a File, a string) of that type; resolves to the parsed reply (null
 * for 204) or rejects with ApiError. A 401 ends the session and, unless
 * opts.noRedirect, goes to the log-in page. */
export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = opts.contentType || 'application/json';
    init.body = opts.contentType ? body : JSON.stringify(body);
  }
  if (method !== 'GET' && method !== 'HEAD' && session && session.csrf_token) {
    headers['X-CSRF-Token'] = session.csrf_token;
  }
  let res;
  try {
    res = await fetch(BASE + path, init);
  } catch (e) {
    throw new ApiError(0, String(e.message || e), []);
  }
  let data = null;
  const type = res.headers.get('Content-Type') || '';
  if (res.status !== 204 && type.includes('json')) {
    try { data = await res.json(); } catch (_) { data = null; }
  }
  if (res.ok) return data;
  if (res.status === 401) {
    session = null;
    if (!opts.noRedirect) goToLogin();
  }
  const p = data || {};
  const err = new ApiError(res.status, p.detail, p.errors, p.title || res.statusText, p);
  // A delete refused because other rows refer to the row names them.
  if (Array.isArray(p.dependents)) err.dependents = p.dependents;
  throw err;
}

export const get = (path, opts) => api('GET', path, undefined, opts);

/* A query string from PARAMS, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/* Who is logged in, or null. */
export async function loadSession() {
  try {
    session = await get('/session', { noRedirect: true });
  } catch (e) {
    if (e.status !== 401) throw e;
    session = null;
  }
  return session;
}

export async function logIn(email, password) {
  session = await api('POST', '/session', { email, password }, { noRedirect: true });
  clearCache();
  return session;
}

export async function logOut() {
  try {
    await api('DELETE', '/session', undefined, { noRedirect: true });
  } finally {
    session = null;
    clearCache();
  }
}

// Rows looked up by id (the unit, owner or other process a row refers to) and the full
// lists of units, people and goals, kept for the page's life; a row changed here is
// forgotten (forget), and a write to a unit, person or goal clears everything
// (clearCache), so that the selects and names are fetched again.
const cache = new Map();

export function clearCache() { cache.clear(); }

/* Drops the cached RESOURCE row ID (after it was changed here). */
export function forget(resource, id) { cache.delete(`${resource}/${id}`); }

/* The RESOURCE row with ID (a promise), fetched once. A missing row resolves to null. */
export function lookup(resource, id) {
  if (id === null || id === undefined) return Promise.resolve(null);
  const k = `${resource}/${id}`;
  if (!cache.has(k)) {
    const p = get(`/${resource}/${id}`).catch((e) => {
      cache.delete(k);
      if (e.status === 404) return null;
      throw e;
    });
    cache.set(k, p);
  }
  return cache.get(k);
}

/* Every row of RESOURCE (at most 1000 a request), fetched once and kept under KEY until
 * clearCache(). */
function everything(key, resource, sort) {
  if (!cache.has(key)) {
    const p = (async () => {
      const out = [];
      for (let offset = 0; ; offset += 1000) {
        const page = await get(`/${resource}${query({ limit: 1000, offset, sort })}`);
        out.push(...page.items);
        if (out.length >= page.total || page.items.length === 0) break;
      }
      return out;
    })().catch((e) => { cache.delete(key); throw e; });
    cache.set(key, p);
  }
  return cache.get(key);
}

/* Every unit (the filter and the names in the table), fetched once. */
export function allUnits() { return everything('units*', 'units'); }

/* Every person (the owner and person selects), fetched once. */
export function allPeople() { return everything('people*', 'people', 'name'); }

/* Every goal (the parent goal select), fetched once. */
export function allGoals() { return everything('goals*', 'goals', 'code'); }
