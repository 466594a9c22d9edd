// i18n.js — the user's language: message catalogues from /i18n/<lang>.json, t() to
// look a key up (English when the language's catalogue lacks it), and number and date
// formatting by Intl. The choice is kept in localStorage and sets <html lang dir>.

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh', name: '中文' },
  { code: 'fr', name: 'Français' },
  { code: 'ar', name: 'العربية' },
];
const RTL = new Set(['ar']);
const STORAGE_KEY = 'dti.lang';

let lang = 'en';
let messages = {};
let fallback = {};
const listeners = new Set();

async function loadCatalogue(code) {
  const res = await fetch(`/i18n/${code}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`no catalogue for '${code}' (${res.status})`);
  return res.json();
}

function storedLanguage() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v && LANGUAGES.some((l) => l.code === v)) return v;
  } catch (_) { /* storage may be disabled */ }
  for (const want of navigator.languages || [navigator.language || 'en']) {
    const base = String(want).toLowerCase().split('-')[0];
    if (LANGUAGES.some((l) => l.code === base)) return base;
  }
  return 'en';
}

/* Loads the English catalogue (the fallback) and the user's language. */
export async function initI18n() {
  fallback = await loadCatalogue('en');
  await setLanguage(storedLanguage(), { persist: false });
}

/* Switches to language CODE: loads its catalogue, sets <html lang dir>, remembers the
 * choice and tells the listeners (the app re-renders). */
export async function setLanguage(code, { persist = true } = {}) {
  if (!LANGUAGES.some((l) => l.code === code)) code = 'en';
  let cat = fallback;
  if (code !== 'en') {
    try {
      cat = await loadCatalogue(code);
    } catch (e) {
      console.warn(String(e));
      code = 'en';
    }
  }
  lang = code;
  messages = cat;
  document.documentElement.lang = code;
  document.documentElement.dir = RTL.has(code) ? 'rtl' : 'ltr';
  if (persist) {
    try { localStorage.setItem(STORAGE_KEY, code); } catch (_) { /* ignore */ }
  }
  for (const fn of listeners) fn(code);
}

export function language() { return lang; }

export function onLanguageChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/* The message for KEY in the user's language, else English, else the key itself.
 * "{name}" in the message is replaced by PARAMS.name (numbers formatted). A message may
 * be an object of plural forms ("one", "other", …) chosen by PARAMS.count. An English
 * fallback in a right-to-left language is wrapped in a first-strong isolate, so that
 * its punctuation stays where English puts it. */
export function t(key, params) {
  const msg = lookupMessage(key, params);
  if (msg !== null) return msg;
  const en = lookupFallback(key, params);
  if (en === null) return key;
  return RTL.has(lang) ? `\u2068${en}\u2069` : en;
}

function lookupMessage(key, params) {
  return Object.hasOwn(messages, key) ? format(messages[key], params) : null;
}

function lookupFallback(key, params) {
  return Object.hasOwn(fallback, key) ? format(fallback[key], params) : null;
}

function format(msg, params) {
  if (typeof msg === 'object' && msg !== null) {
    const n = params && typeof params.count === 'number' ? params.count : 0;
    let form = 'other';
    try { form = new Intl.PluralRules(lang).select(n); } catch (_) { /* ignore */ }
    msg = msg[form] ?? msg.other ?? '';
  }
  if (!params) return msg;
  return msg.replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in params)) return m;
    const v = params[name];
    return typeof v === 'number' ? formatNumber(v) : String(v);
  });
}

const nfCache = new Map();
export function formatNumber(n, opts) {
  if (n === null || n === undefined || n === '') return '';
  const k = lang + JSON.stringify(opts || {});
  let nf = nfCache.get(k);
  if (!nf) {
    nf = new Intl.NumberFormat(lang, opts);
    nfCache.set(k, nf);
  }
  return nf.format(n);
}

/* "2026-11-27T13:37:53Z" → date and time in the user's language and time zone. */
export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/* "2027-12-01" (a calendar date) → that date in the user's language. */
export function formatDate(ymd) {
  if (!ymd) return '';
  const d = new Date(`${ymd}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return ymd;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/* A translated field of user content: NAME_zh when the language is zh and it is set. */
export function localized(obj, field) {
  if (!obj) return '';
  const tr = obj[`${field}_${lang}`];
  return tr ? tr : obj[field];
}
