// nav.js — the top bar (UX.md): the sections in their fixed order, the language
// switcher and the user menu with log-out.

import { html } from '/vendor/htm-preact.mjs';
import { t, language, setLanguage, LANGUAGES } from './i18n.js';
import { logOut } from './api.js';
import { canImport } from './pages/import.js';
import { navigate } from './router.js';

// The sections of UX.md in their order; those not built yet are left out.
const SECTIONS = [
  { key: 'dashboard', href: '/', active: (p) => p === '/' },
  { key: 'inventory', href: '/processes', active: (p) => INVENTORY_PATHS.some((x) => p === x || p.startsWith(`${x}/`)) },
  { key: 'dependencies', href: '/graph', active: (p) => DEPENDENCY_PATHS.includes(p) },
  { key: 'priorities', href: '/priorities', active: (p) => p === '/priorities' || p.startsWith('/priorities/') },
  { key: 'governance', href: '/assets', active: (p) => /^\/(assets|governance)(\/|$)/.test(p) },
];

// The lists of the Inventory area (UX.md), shown as a second row on those lists.
const INVENTORY_LISTS = [
  { key: 'processes', href: '/processes' },
  { key: 'units', href: '/units' },
  { key: 'people', href: '/people' },
  { key: 'goals', href: '/goals' },
  { key: 'import', href: '/import', shown: canImport },
];
const INVENTORY_PATHS = INVENTORY_LISTS.map((l) => l.href);

// The pages of the Dependencies area.
const DEPENDENCY_PAGES = [
  { key: 'graph', href: '/graph' },
  { key: 'analyses', href: '/analyses' },
];
const DEPENDENCY_PATHS = DEPENDENCY_PAGES.map((l) => l.href);

// The pages of the Priorities area: what comes first and why, then the criteria and
// weights it rests on, then the targets.
const PRIORITY_PAGES = [
  { key: 'ranking', href: '/priorities' },
  { key: 'matrix', href: '/priorities/matrix' },
  { key: 'quick_wins', href: '/priorities/quick-wins' },
  { key: 'portfolio', href: '/priorities/portfolio' },
  { key: 'criteria', href: '/priorities/criteria', prefix: true },
  { key: 'pairwise', href: '/priorities/pairwise' },
  { key: 'kpis', href: '/priorities/kpis' },
];

/* The Priorities area's own navigation (a criterion's form counts as the criteria
 * page). */
export function PrioritiesNav({ path }) {
  const p = path.replace(/\/+$/, '') || '/';
  if (p !== '/priorities' && !p.startsWith('/priorities/')) return null;
  const current = (l) => p === l.href || (l.prefix && p.startsWith(`${l.href}/`));
  return html`<nav class="subnav" aria-label=${t('nav.priorities_area')}>
    <ul>
      ${PRIORITY_PAGES.map((l) => html`<li><a href=${l.href} aria-current=${current(l) ? 'page' : undefined}>${t(`nav.priorities.${l.key}`)}</a></li>`)}
    </ul>
  </nav>`;
}

/* The Dependencies area's own navigation. */
export function DependenciesNav({ path }) {
  const p = path.replace(/\/+$/, '');
  if (!DEPENDENCY_PATHS.includes(p)) return null;
  return html`<nav class="subnav" aria-label=${t('nav.dependencies_area')}>
    <ul>
      ${DEPENDENCY_PAGES.map((l) => html`<li><a href=${l.href} aria-current=${p === l.href ? 'page' : undefined}>${t(`nav.dependencies.${l.key}`)}</a></li>`)}
    </ul>
  </nav>`;
}

/* The Inventory area's own navigation, on its list pages (not on a process's page). */
export function InventoryNav({ path }) {
  const p = path.replace(/\/+$/, '');
  if (!INVENTORY_PATHS.includes(p)) return null;
  return html`<nav class="subnav" aria-label=${t('nav.inventory_area')}>
    <ul>
      ${INVENTORY_LISTS.filter((l) => !l.shown || l.shown()).map((l) => html`<li><a href=${l.href} aria-current=${p === l.href ? 'page' : undefined}>${t(`nav.inventory.${l.key}`)}</a></li>`)}
    </ul>
  </nav>`;
}

export function LanguageSwitcher() {
  const onChange = (ev) => { setLanguage(ev.target.value); };
  return html`<label class="lang-switch">
    <span class="visually-hidden">${t('nav.language')}</span>
    <select id="language" name="language" value=${language()} onChange=${onChange} aria-label=${t('nav.language')}>
      ${LANGUAGES.map((l) => html`<option value=${l.code} lang=${l.code}>${l.name}</option>`)}
    </select>
  </label>`;
}

function UserMenu({ session }) {
  const user = session.user;
  const onLogOut = async () => {
    try { await logOut(); } catch (_) { /* the session is gone either way */ }
    navigate('/login');
  };
  return html`<details class="dropdown user-menu">
    <summary aria-label=${t('nav.user_menu', { name: user.name })}>${user.name}</summary>
    <ul dir="auto">
      <li><span class="menu-info">${user.email}</span></li>
      <li><span class="menu-info">${t('nav.role')}: ${t(`role.${user.role}`)}</span></li>
      <li><button type="button" class="secondary" onClick=${onLogOut}>${t('nav.logout')}</button></li>
    </ul>
  </details>`;
}

export function TopNav({ path, session }) {
  return html`<header class="topbar">
    <nav class="container-fluid" aria-label=${t('nav.main')}>
      <ul>
        <li><a class="brand" href="/">dti</a></li>
        ${SECTIONS.map((s) => html`<li><a href=${s.href} aria-current=${s.active(path) ? 'page' : undefined}>${t(`nav.${s.key}`)}</a></li>`)}
      </ul>
      <ul>
        <li><${LanguageSwitcher} /></li>
        <li><${UserMenu} session=${session} /></li>
      </ul>
    </nav>
  </header>`;
}
