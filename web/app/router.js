// router.js — client-side routing with history.pushState: navigate() changes the URL
// and tells the app; clicks on same-origin links are routed without a page load.

const listeners = new Set();

export function currentLocation() {
  return { path: location.pathname, search: location.search, query: new URLSearchParams(location.search) };
}

export function onRouteChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function notify() {
  for (const fn of listeners) fn(currentLocation());
}

/* Goes to URL (a path with an optional query) inside the app. REPLACE replaces the
 * history entry instead of adding one (for typing in a search box). */
export function navigate(url, { replace = false } = {}) {
  const here = location.pathname + location.search;
  if (url === here) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  notify();
}

/* A URL for PATH with the non-empty entries of PARAMS as its query. */
export function urlWith(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/* Where to go after logging in: only a path of this site. */
export function safeNext(next) {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

export function startRouter() {
  window.addEventListener('popstate', notify);
  document.addEventListener('click', (ev) => {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    const a = ev.target.closest && ev.target.closest('a[href]');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
    ev.preventDefault();
    navigate(url.pathname + url.search);
  });
}
