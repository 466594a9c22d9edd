// pages/process.js — one process: its code and name, a summary strip of key facts,
// then tabs (?tab=): every field, its dependencies out and in (each other process a
// link), and the strategic goals it serves. Read-only in this step.

import { html } from '/vendor/htm-preact.mjs';
import { t, language, formatNumber, formatDate, formatDateTime, localized } from '../i18n.js';
import { get, lookup, query } from '../api.js';
import { urlWith } from '../router.js';
import { ErrorBox, Loading, NatureTag, StatusBadge, orNone, useAsync, useTitle } from '../components.js';

const TABS = ['details', 'dependencies', 'goals'];

async function loadProcess(id) {
  const p = await get(`/processes/${id}`);
  const [unit, owner, parent] = await Promise.all([
    lookup('units', p.unit_id), lookup('people', p.owner_id), lookup('processes', p.parent_id),
  ]);
  return { p, unit, owner, parent };
}

/* Dependencies out of and into process ID, each with the other process. */
async function loadDependencies(id) {
  const [out, into] = await Promise.all([
    get(`/dependencies${query({ from_id: id, limit: 1000 })}`),
    get(`/dependencies${query({ to_id: id, limit: 1000 })}`),
  ]);
  const withOther = (list, field) => Promise.all(list.items.map(async (d) => ({ d, other: await lookup('processes', d[field]) })));
  return {
    out: await withOther(out, 'to_id'), outTotal: out.total,
    into: await withOther(into, 'from_id'), intoTotal: into.total,
  };
}

async function loadGoals(id) {
  const links = await get(`/processes/${id}/goals${query({ limit: 1000 })}`);
  const rows = await Promise.all(links.items.map(async (l) => ({ l, goal: await lookup('goals', l.goal_id) })));
  return { rows, total: links.total };
}

function ProcessLink({ p, id }) {
  if (!p) return html`<span class="muted">#${id}</span>`;
  return html`<a href=${`/processes/${p.id}`}><span class="code">${p.code}</span> ${localized(p, 'name')}</a>`;
}

function Summary({ p, unit, owner }) {
  const item = (key, value) => html`<div><dt>${t(`field.${key}`)}</dt><dd>${value}</dd></div>`;
  return html`<dl class="summary-strip">
    ${item('nature', html`<${NatureTag} value=${p.nature} />`)}
    ${item('status', html`<${StatusBadge} value=${p.status} />`)}
    ${item('unit', unit ? html`<a href=${urlWith('/processes', { unit_id: unit.id })}>${localized(unit, 'name')}</a>` : orNone(null))}
    ${item('owner', owner ? owner.name : orNone(null))}
    ${item('maturity', p.maturity === null ? orNone(null) : t('process.maturity_of', { value: p.maturity }))}
    ${item('volume_per_year', p.volume_per_year === null ? orNone(null) : formatNumber(p.volume_per_year))}
  </dl>`;
}

function Details({ p, unit, owner, parent }) {
  const row = (key, value, cls) => html`<div class=${cls}><dt>${t(`field.${key}`)}</dt><dd>${orNone(value)}</dd></div>`;
  const num = (v) => (v === null || v === undefined ? null : formatNumber(v));
  const text = (v) => (v ? html`<span class="multiline">${v}</span>` : null);
  return html`<dl class="details">
    ${row('code', html`<span class="code">${p.code}</span>`)}
    ${row('name', p.name)}
    ${row('name_zh', p.name_zh ? html`<span lang="zh">${p.name_zh}</span>` : null)}
    ${row('description', text(p.description), 'wide')}
    ${row('kind', p.kind ? t(`kind.${p.kind}`) : null)}
    ${row('parent', parent ? html`<${ProcessLink} p=${parent} />` : null)}
    ${row('unit', unit ? html`<span><span class="code">${unit.code}</span> ${localized(unit, 'name')}</span>` : null)}
    ${row('owner', owner ? html`<span>${owner.name}${owner.title ? html`<br /><small class="muted">${owner.title}</small>` : ''}</span>` : null)}
    ${row('change_authority', p.change_authority)}
    ${row('nature', html`<${NatureTag} value=${p.nature} />`)}
    ${row('maturity', num(p.maturity))}
    ${row('volume_per_year', num(p.volume_per_year))}
    ${row('staff_hours_per_year', num(p.staff_hours_per_year))}
    ${row('annual_cost', num(p.annual_cost))}
    ${row('systems', p.systems && p.systems.length ? html`<ul class="tags">${p.systems.map((s) => html`<li>${s}</li>`)}</ul>` : null)}
    ${row('pain_points', text(p.pain_points), 'wide')}
    ${row('resources_needed', text(p.resources_needed), 'wide')}
    ${row('change_from', formatDate(p.change_from))}
    ${row('change_to', formatDate(p.change_to))}
    ${row('status', html`<${StatusBadge} value=${p.status} />`)}
    ${row('source', p.source ? t(`source.${p.source}`) : null)}
    ${row('created_at', formatDateTime(p.created_at))}
    ${row('updated_at', formatDateTime(p.updated_at))}
    ${row('version', num(p.version))}
  </dl>`;
}

function DependencyTable({ id, caption, rows, total, field, empty }) {
  if (rows.length === 0) return html`<h3>${caption}</h3><p class="muted">${empty}</p>`;
  return html`<h3>${caption}</h3>
    <div class="table-wrap"><table class="striped" data-dependencies=${id}>
      <caption class="visually-hidden">${caption}</caption>
      <thead><tr>
        <th scope="col">${t('dependency.relation')}</th>
        <th scope="col">${t('dependency.process')}</th>
        <th scope="col" class="num">${t('dependency.strength')}</th>
        <th scope="col">${t('dependency.note')}</th>
      </tr></thead>
      <tbody>
        ${rows.map(({ d, other }) => html`<tr key=${d.id}>
          <td>${t(`dependency.${field === 'to_id' ? 'out' : 'in'}.${d.kind}`)}</td>
          <td><${ProcessLink} p=${other} id=${d[field]} /></td>
          <td class="num">${t(`dependency.strength.${d.strength}`)}</td>
          <td>${orNone(d.note)}</td>
        </tr>`)}
      </tbody>
    </table></div>
    ${total > rows.length && html`<p class="muted">${t('process.more_dependencies', { shown: rows.length, total })}</p>`}`;
}

function DependenciesTab({ id }) {
  const { loading, data, error } = useAsync(() => loadDependencies(id), [id]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (loading || !data) return html`<${Loading} />`;
  return html`<div class="dependencies">
    <p class="muted">${t('process.dependencies.intro')}</p>
    <${DependencyTable} id="out" caption=${t('process.dependencies.out', { count: data.outTotal })} rows=${data.out}
      total=${data.outTotal} field="to_id" empty=${t('process.dependencies.out_empty')} />
    <${DependencyTable} id="in" caption=${t('process.dependencies.in', { count: data.intoTotal })} rows=${data.into}
      total=${data.intoTotal} field="from_id" empty=${t('process.dependencies.in_empty')} />
  </div>`;
}

function GoalsTab({ id }) {
  const { loading, data, error } = useAsync(() => loadGoals(id), [id]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (loading || !data) return html`<${Loading} />`;
  if (data.rows.length === 0) return html`<p class="empty">${t('process.goals.empty')}</p>`;
  return html`<p class="muted">${t('process.goals.intro')}</p>
    <div class="table-wrap"><table class="striped goals">
      <caption class="visually-hidden">${t('process.tab.goals')}</caption>
      <thead><tr>
        <th scope="col">${t('goal.code')}</th>
        <th scope="col">${t('goal.title')}</th>
        <th scope="col">${t('goal.framework')}</th>
        <th scope="col" class="num">${t('goal.impact')}</th>
      </tr></thead>
      <tbody>
        ${data.rows.map(({ l, goal }) => html`<tr key=${l.id}>
          <td class="code">${goal ? goal.code : `#${l.goal_id}`}</td>
          <td>${goal ? localized(goal, 'title') : ''}</td>
          <td>${goal ? t(`goal.framework.${goal.framework}`) : ''}</td>
          <td class="num">${t('goal.impact_of', { value: l.impact })}</td>
        </tr>`)}
      </tbody>
    </table></div>`;
}

export function ProcessPage({ id, loc }) {
  const { loading, data, error } = useAsync(() => loadProcess(id), [id]);
  const tab = TABS.includes(loc.query.get('tab')) ? loc.query.get('tab') : 'details';
  const p = data && data.p && data.p.id === id ? data.p : null;
  useTitle(p ? `${p.code} ${localized(p, 'name')}` : t('process.title'));

  if (error) {
    return html`<section><h1 tabindex="-1">${t('process.title')}</h1><${ErrorBox} error=${error} />
      <p><a href="/processes">${t('process.back')}</a></p></section>`;
  }
  if (loading || !p) return html`<section><h1 tabindex="-1">${t('process.title')}</h1><${Loading} /></section>`;

  const translated = language() !== 'en' && p[`name_${language()}`];
  return html`<div class="process-page">
    <nav aria-label=${t('process.breadcrumb')} class="breadcrumb">
      <a href="/processes">${t('nav.inventory')}</a>
      ${data.parent && html`<span aria-hidden="true"> › </span><${ProcessLink} p=${data.parent} />`}
    </nav>
    <div class="process-title">
      <h1 tabindex="-1"><span class="code">${p.code}</span> ${translated ? p[`name_${language()}`] : p.name}</h1>
      ${translated && html`<p class="original-name" lang="en">${p.name}</p>`}
    </div>
    <${Summary} p=${p} unit=${data.unit} owner=${data.owner} />
    <nav class="tabs" aria-label=${t('process.tabs')}>
      <ul>
        ${TABS.map((k) => html`<li><a href=${urlWith(`/processes/${id}`, { tab: k === 'details' ? '' : k })}
          aria-current=${tab === k ? 'page' : undefined}>${t(`process.tab.${k}`)}</a></li>`)}
      </ul>
    </nav>
    <section class="tab-panel" aria-label=${t(`process.tab.${tab}`)}>
      ${tab === 'details' && html`<${Details} p=${p} unit=${data.unit} owner=${data.owner} parent=${data.parent} />`}
      ${tab === 'dependencies' && html`<${DependenciesTab} id=${id} />`}
      ${tab === 'goals' && html`<${GoalsTab} id=${id} />`}
    </section>
  </div>`;
}
