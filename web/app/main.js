// main.js — dti in the browser: loads the language and the session, then renders the
// page for the URL. Routes: /login, / (dashboard), /processes (inventory),
// /processes/new (create one), /processes/{id} (a process), /units, /people, /goals,
// /import (a CSV file), /graph (dependencies around a process), /analyses (clusters, waves, hubs,
// checks), /units/new, /units/{id}/edit (the same for people and goals), and the
// Priorities area: /priorities (ranking), /priorities/matrix, /priorities/quick-wins,
// /priorities/portfolio, /priorities/criteria (with /new and /{id}/edit),
// /priorities/pairwise and /priorities/kpis.

import { html, render, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { initI18n, onLanguageChange, t } from './i18n.js';
import { currentSession, loadSession } from './api.js';
import { currentLocation, navigate, onRouteChange, startRouter } from './router.js';
import { DependenciesNav, InventoryNav, PrioritiesNav, TopNav } from './nav.js';
import { LoginPage } from './pages/login.js';
import { DashboardPage } from './pages/dashboard.js';
import { InventoryPage } from './pages/inventory.js';
import { ProcessPage } from './pages/process.js';
import { NewProcessPage } from './pages/process_form.js';
import { GoalsPage, PeoplePage, UnitsPage } from './pages/lists.js';
import { ImportPage } from './pages/import.js';
import { GraphPage } from './pages/graph.js';
import { AnalysesPage } from './pages/analyses.js';
import { EditReferencePage, NewReferencePage } from './pages/reference.js';
import { RankingPage } from './pages/ranking.js';
import { MatrixPage, QuickWinsPage } from './pages/quickwins.js';
import { PortfolioPage } from './pages/portfolio.js';
import { CriteriaPage, EditCriterionPage, NewCriterionPage } from './pages/criteria.js';
import { PairwisePage } from './pages/pairwise.js';
import { KpisPage } from './pages/kpis.js';
import { AssetsPage } from './pages/assets.js';
import { AssetPage, NewAssetPage } from './pages/asset.js';
import { FindingsPage, RetentionPage } from './pages/governance.js';
import { useTitle } from './components.js';

function NotFoundPage() {
  useTitle(t('notfound.title'));
  return html`<section>
    <h1 tabindex="-1">${t('notfound.title')}</h1>
    <p>${t('notfound.text')}</p>
    <p><a href="/">${t('notfound.home')}</a></p>
  </section>`;
}

function route(loc) {
  const p = loc.path.replace(/\/+$/, '') || '/';
  if (p === '/') return html`<${DashboardPage} />`;
  if (p === '/processes') return html`<${InventoryPage} loc=${loc} />`;
  if (p === '/units') return html`<${UnitsPage} loc=${loc} />`;
  if (p === '/people') return html`<${PeoplePage} loc=${loc} />`;
  if (p === '/goals') return html`<${GoalsPage} loc=${loc} />`;
  if (p === '/import') return html`<${ImportPage} loc=${loc} />`;
  if (p === '/graph') return html`<${GraphPage} loc=${loc} />`;
  if (p === '/analyses') return html`<${AnalysesPage} loc=${loc} />`;
  if (p === '/priorities') return html`<${RankingPage} loc=${loc} />`;
  if (p === '/priorities/matrix') return html`<${MatrixPage} loc=${loc} />`;
  if (p === '/priorities/quick-wins') return html`<${QuickWinsPage} loc=${loc} />`;
  if (p === '/priorities/portfolio') return html`<${PortfolioPage} loc=${loc} />`;
  if (p === '/priorities/criteria') return html`<${CriteriaPage} loc=${loc} />`;
  if (p === '/priorities/criteria/new') return html`<${NewCriterionPage} />`;
  if (p === '/priorities/pairwise') return html`<${PairwisePage} loc=${loc} />`;
  if (p === '/priorities/kpis') return html`<${KpisPage} loc=${loc} />`;
  const c = /^\/priorities\/criteria\/(\d+)\/edit$/.exec(p);
  if (c) return html`<${EditCriterionPage} key=${`criterion-${c[1]}`} id=${Number(c[1])} loc=${loc} />`;
  if (p === '/processes/new') return html`<${NewProcessPage} />`;
  const m = /^\/processes\/(\d+)$/.exec(p);
  if (m) return html`<${ProcessPage} id=${Number(m[1])} loc=${loc} />`;
  const r = /^\/(units|people|goals)\/(?:(new)|(\d+)\/edit)$/.exec(p);
  if (r && r[2]) return html`<${NewReferencePage} key=${`${r[1]}-new`} kind=${r[1]} loc=${loc} />`;
  if (r) return html`<${EditReferencePage} key=${`${r[1]}-${r[3]}`} kind=${r[1]} id=${Number(r[3])} loc=${loc} />`;
  // Governance: the asset register, an asset, the findings, the retention calendar
  if (p === '/assets') return html`<${AssetsPage} loc=${loc} />`;
  if (p === '/assets/new') return html`<${NewAssetPage} />`;
  const ga = /^\/assets\/(\d+)$/.exec(p);
  if (ga) return html`<${AssetPage} key=${`asset-${ga[1]}`} id=${Number(ga[1])} loc=${loc} />`;
  if (p === '/governance/findings') return html`<${FindingsPage} loc=${loc} />`;
  if (p === '/governance/retention') return html`<${RetentionPage} loc=${loc} />`;
  return html`<${NotFoundPage} />`;
}

function App() {
  const [loc, setLoc] = useState(currentLocation());
  const [, setLang] = useState(null);
  const mainRef = useRef(null);
  const lastPath = useRef(loc.path);

  // Subscribe while rendering the first time, not in an effect: children's effects run
  // before their parent's and may already navigate (the log-in page does).
  const subscribed = useRef(false);
  if (!subscribed.current) {
    subscribed.current = true;
    onRouteChange(setLoc);
    onLanguageChange(setLang);
  }

  // After moving to another page, put the keyboard focus on its heading, so a screen
  // reader announces it and Tab starts from the page, not from the link clicked.
  useEffect(() => {
    if (lastPath.current === loc.path) return;
    lastPath.current = loc.path;
    window.scrollTo(0, 0);
    requestAnimationFrame(() => {
      const main = mainRef.current;
      if (!main) return;
      const h1 = main.querySelector('h1');
      (h1 || main).focus({ preventScroll: true });
    });
  }, [loc.path]);

  const session = currentSession();
  const mustLogIn = !session && loc.path !== '/login';
  useEffect(() => {
    // Not logged in (or the session ended): log in, then come back here.
    if (mustLogIn) navigate(`/login?next=${encodeURIComponent(loc.path + loc.search)}`, { replace: true });
  }, [mustLogIn, loc]);

  if (loc.path === '/login') {
    return html`<main id="main" class="container login-main" tabindex="-1" ref=${mainRef}>
      <${LoginPage} loc=${loc} />
    </main>`;
  }
  if (mustLogIn) return null;
  return html`<a class="skip-link" href="#main">${t('nav.skip')}</a>
    <${TopNav} path=${loc.path} session=${session} />
    <main id="main" class="container-fluid app-main" tabindex="-1" ref=${mainRef}>
      <${InventoryNav} path=${loc.path} /><${DependenciesNav} path=${loc.path} /><${PrioritiesNav} path=${loc.path} />${route(loc)}</main>`;
}

/* Pico's dropdowns are <details>: close an open one on a click outside it or on Escape
 * (then the focus goes back to its summary). */
function closeDropdowns() {
  document.addEventListener('click', (ev) => {
    for (const d of document.querySelectorAll('details.dropdown[open]')) {
      if (!d.contains(ev.target)) d.open = false;
    }
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    for (const d of document.querySelectorAll('details.dropdown[open]')) {
      d.open = false;
      if (d.contains(document.activeElement)) d.querySelector('summary').focus();
    }
  });
}

async function start() {
  const root = document.getElementById('app');
  try {
    // the language and the session at once: neither needs the other
    await Promise.all([initI18n(), loadSession()]);
  } catch (e) {
    root.textContent = `dti: ${e.message || e}`;
    return;
  }
  startRouter();
  closeDropdowns();
  root.textContent = '';
  render(html`<${App} />`, root);
}

start();
