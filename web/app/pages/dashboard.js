// pages/dashboard.js — the state of the inventory at a glance, from GET /api/v1/stats:
// processes by nature, by status and by top-level unit, and each top-level unit's
// digitisation level (its shares of paper, manual, partly digital and digital work,
// weighted by yearly volume or by number). Each is a chart (ECharts) with the same
// numbers in a table under it: the table is the text alternative and holds the links
// for keyboard users. Every number, and every bar, opens the inventory list it counts.
// Below them, the Priorities area at a glance: the top of the ranking, the quick wins
// and the KPIs by status, each linking to the page that lists them.

import { html, useMemo, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, language, localized } from '../i18n.js';
import { allUnits, get } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { ErrorBox, Loading, NatureTag, StatusBadge, NATURES, STATUSES, useAsync, useTitle } from '../components.js';
import { Chart, palette, reducedMotion } from '../charts.js';
import { KPI_STATUSES, KpiBadge, ProcessName, fmtScore, needsCriteria } from '../priorities.js';
import { GovernanceTile } from './governance_tile.js';

async function loadDashboard() {
  const [stats, units] = await Promise.all([get('/stats'), allUnits()]);
  return { stats, units };
}

/* unit id → the id of its top-level unit (itself when it has no parent). */
function topUnitOf(units) {
  const parent = new Map(units.map((u) => [u.id, u.parent_id]));
  return (id) => {
    let seen = 0;
    while (parent.get(id) !== null && parent.get(id) !== undefined && seen++ < 1000) id = parent.get(id);
    return id;
  };
}

/* Counts by top-level unit, each including its sub-units at any depth, as the
 * inventory's unit filter counts them. */
function countsByTopUnit(stats, units) {
  const top = topUnitOf(units);
  const sums = new Map();
  for (const row of stats.by_unit || []) {
    if (row.unit_id === null) continue;
    const root = top(row.unit_id);
    sums.set(root, (sums.get(root) || 0) + row.count);
  }
  return units.filter((u) => u.parent_id === null).map((u) => ({ unit: u, count: sums.get(u.id) || 0 }));
}

/* The natures of the digitisation level, and "none" for processes without one. */
const LEVELS = [...NATURES, 'none'];

/* Each top-level unit with live processes (its sub-units included): per nature (and
 * "none"), the number of processes and their summed yearly volume, and the totals. */
function digitisationByTopUnit(stats, units) {
  const top = topUnitOf(units);
  const sums = new Map();
  for (const row of stats.by_unit_nature || []) {
    if (row.unit_id === null) continue;
    const root = top(row.unit_id);
    let s = sums.get(root);
    if (!s) {
      s = { count: 0, volume: 0, levels: Object.fromEntries(LEVELS.map((n) => [n, { count: 0, volume: 0 }])) };
      sums.set(root, s);
    }
    const level = s.levels[row.nature === null ? 'none' : row.nature];
    if (!level) continue;
    level.count += row.count;
    level.volume += row.volume;
    s.count += row.count;
    s.volume += row.volume;
  }
  return units.filter((u) => u.parent_id === null && sums.has(u.id)).map((u) => ({ unit: u, ...sums.get(u.id) }));
}

/* The share (0–1) of LEVEL in ROW, weighted by 'volume' or 'count'; null when the unit
 * has nothing to weigh by (no volume recorded). */
function share(row, level, weight) {
  const total = row[weight];
  return total > 0 ? row.levels[level][weight] / total : null;
}

/* A share as a percentage with at most one decimal; a share that is not nil but would
 * round to 0 % (or to 100 %) says "< 0.1 %" (or "> 99.9 %"), so that a few paper
 * processes among large digital ones do not vanish. */
function formatShare(v) {
  if (v === null) return t('common.none');
  const pct = (x) => formatNumber(x, { style: 'percent', maximumFractionDigits: 1 });
  if (v > 0 && v < 0.0005) return t('dashboard.share_below', { share: pct(0.001) });
  if (v < 1 && v >= 0.9995) return t('dashboard.share_above', { share: pct(0.999) });
  return pct(v);
}

function levelLabel(level) {
  return level === 'none' ? t('dashboard.nature_none') : t(`nature.${level}`);
}

function unitLabel(unit) {
  return t('dashboard.unit_label', { code: unit.code, name: localized(unit, 'name') });
}

/* ---------- charts ---------- */

/* What every chart shares: the page's font and colours, no animation for those who
 * asked for less motion, tooltips drawn in the canvas (an HTML tooltip would carry
 * style attributes, which the Content-Security-Policy blocks), and a right-to-left
 * layout for Arabic: the value axis grows leftwards, categories on the right. */
function baseOption(pal, rtl) {
  return {
    animation: !reducedMotion(),
    textStyle: { fontFamily: pal.font, color: pal.text },
    tooltip: { trigger: 'item', renderMode: 'richText', confine: true },
    grid: { left: 12, right: 24, top: 12, bottom: 40, containLabel: true },
    yAxis: {
      type: 'category', inverse: true, position: rtl ? 'right' : 'left',
      axisTick: { show: false }, axisLabel: { color: pal.text, width: 170, overflow: 'truncate' },
    },
  };
}

/* Horizontal bars of counts; ROWS: [{label, count, color}]. */
function countsOption(rows, pal, rtl) {
  const o = baseOption(pal, rtl);
  o.tooltip.formatter = (p) => t('dashboard.tooltip.count', { what: p.name, count: p.value });
  o.xAxis = {
    type: 'value', inverse: rtl, minInterval: 1, name: t('dashboard.axis.processes'),
    nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: pal.muted }, axisLabel: { color: pal.muted },
  };
  o.yAxis.data = rows.map((r) => r.label);
  o.series = [{
    type: 'bar', barMaxWidth: 28, cursor: 'pointer',
    data: rows.map((r) => ({ value: r.count, itemStyle: { color: r.color } })),
    label: { show: true, position: rtl ? 'left' : 'right', color: pal.text, formatter: (p) => formatNumber(p.value) },
  }];
  return o;
}

/* 100 %-stacked horizontal bars, one per top-level unit, one segment per nature. */
function digitisationOption(rows, levels, weight, pal, rtl) {
  const o = baseOption(pal, rtl);
  o.grid.top = 40;
  o.legend = { top: 0, [rtl ? 'right' : 'left']: 0, textStyle: { color: pal.text }, selectedMode: false };
  o.tooltip.formatter = (p) => t('dashboard.tooltip.share', {
    unit: rows[p.dataIndex].unit.code, nature: p.seriesName, share: formatShare(share(rows[p.dataIndex], levels[p.seriesIndex], weight)),
  });
  o.xAxis = {
    type: 'value', inverse: rtl, min: 0, max: 100, interval: 25,
    name: t(weight === 'volume' ? 'dashboard.digitisation.axis_volume' : 'dashboard.digitisation.axis_count'),
    nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: pal.muted },
    axisLabel: { color: pal.muted, formatter: (v) => formatNumber(v / 100, { style: 'percent' }) },
  };
  o.yAxis.data = rows.map((r) => unitLabel(r.unit));
  o.yAxis.axisLabel.width = 240;
  o.series = levels.map((level) => ({
    type: 'bar', name: levelLabel(level), stack: 'share', barMaxWidth: 32, cursor: 'pointer',
    itemStyle: { color: pal[level], borderColor: pal.background, borderWidth: 1 },
    data: rows.map((r) => {
      const s = share(r, level, weight);
      return s === null ? 0 : Math.round(s * 10000) / 100;
    }),
  }));
  return o;
}

/* ---------- cards ---------- */

function CountTable({ rows, labelledBy }) {
  return html`<table class="counts" aria-labelledby=${labelledBy}>
    <tbody>
      ${rows.map((r) => html`<tr>
        <th scope="row">${r.cell}</th>
        <td class="num"><a href=${r.href} aria-label=${t('dashboard.count_link', { count: r.count, what: r.text })}>${formatNumber(r.count)}</a></td>
      </tr>`)}
    </tbody>
  </table>`;
}

/* A heading, a bar chart and its table. ROWS: [{cell, text, label, count, href, color}]. */
function CountCard({ id, title, rows, rtl, lang }) {
  const option = useMemo(() => countsOption(rows, palette(), rtl), [rows, rtl, lang]);
  const onClick = (p) => { const r = rows[p.dataIndex]; if (r) navigate(r.href); };
  return html`<article class="count-card" id=${id}>
    <header><h2 id=${`${id}-title`}>${title}</h2></header>
    <${Chart} option=${option} onClick=${onClick} height=${Math.max(160, rows.length * 40 + 70)} />
    <${CountTable} rows=${rows} labelledBy=${`${id}-title`} />
  </article>`;
}

function DigitisationCard({ rows, rtl, lang }) {
  const [weight, setWeight] = useState('volume');
  const levels = LEVELS.filter((l) => l !== 'none' || rows.some((r) => r.levels.none.count > 0));
  const option = useMemo(() => digitisationOption(rows, levels, weight, palette(), rtl), [rows, weight, rtl, lang]);
  const hrefFor = (r, level) => urlWith('/processes', { unit_id: r.unit.id, nature: level === 'none' ? 'null' : level });
  const onClick = (p) => {
    const r = rows[p.dataIndex];
    const level = levels[p.seriesIndex];
    if (r && level) navigate(hrefFor(r, level));
  };
  const noVolume = weight === 'volume' && rows.some((r) => r.volume === 0);

  return html`<article class="digitisation-card" id="dashboard-digitisation">
    <header>
      <h2 id="dashboard-digitisation-title">${t('dashboard.digitisation.title')}</h2>
      <p class="muted">${t('dashboard.digitisation.intro')}</p>
    </header>
    <fieldset class="weight-choice">
      <legend>${t('dashboard.digitisation.weight')}</legend>
      ${['volume', 'count'].map((w) => html`<label>
        <input type="radio" name="digitisation-weight" value=${w} checked=${weight === w}
          onChange=${() => setWeight(w)} />
        ${t(`dashboard.digitisation.by_${w}`)}
      </label>`)}
    </fieldset>
    <${Chart} option=${option} onClick=${onClick} height=${Math.max(200, rows.length * 48 + 100)} />
    ${noVolume && html`<p class="muted">${t('dashboard.digitisation.no_volume_note')}</p>`}
    <div class="table-scroll">
      <table class="digitisation" aria-labelledby="dashboard-digitisation-title">
        <thead><tr>
          <th scope="col">${t('dashboard.digitisation.unit')}</th>
          ${levels.map((l) => html`<th scope="col" class="num">${l === 'none' ? levelLabel(l) : html`<${NatureTag} value=${l} />`}</th>`)}
          <th scope="col" class="num">${t('dashboard.digitisation.processes')}</th>
          <th scope="col" class="num">${t('dashboard.digitisation.volume')}</th>
        </tr></thead>
        <tbody>
          ${rows.map((r) => html`<tr data-unit-id=${r.unit.id}>
            <th scope="row"><span class="code">${r.unit.code}</span> ${localized(r.unit, 'name')}</th>
            ${levels.map((l) => {
              const s = share(r, l, weight);
              return html`<td class="num" data-nature=${l}>
                <a href=${hrefFor(r, l)} aria-label=${t(`dashboard.digitisation.share_link_${weight}`, { share: formatShare(s), unit: r.unit.code, nature: levelLabel(l), count: r.levels[l].count })}>${formatShare(s)}</a>
              </td>`;
            })}
            <td class="num" data-total="count"><a href=${urlWith('/processes', { unit_id: r.unit.id })}>${formatNumber(r.count)}</a></td>
            <td class="num" data-total="volume">${r.volume > 0 ? formatNumber(r.volume) : html`<span class="muted">${t('dashboard.digitisation.no_volume')}</span>`}</td>
          </tr>`)}
        </tbody>
      </table>
    </div>
  </article>`;
}

/* ---------- priorities ---------- */

/* The ranking's first five, the quick wins and the KPIs by status; a tile whose
 * answer fails stays out (the inventory cards above do not depend on it). */
async function loadPriorities() {
  // Without usable weights there is nothing ranked yet (422 on "weights"): the tiles
  // say so; any other failure leaves the tile out.
  const soft = (p) => p.catch((e) => (needsCriteria(e) ? { items: [], total: 0, quick_wins: 0 } : null));
  const [ranking, quick, kpis] = await Promise.all([
    soft(get('/analysis/ranking?limit=5')), soft(get('/analysis/quick-wins')), soft(get('/analysis/kpis')),
  ]);
  return { ranking, quick, kpis };
}

function PriorityTiles() {
  const { data } = useAsync(loadPriorities, []);
  if (!data) return null;
  const { ranking, quick, kpis } = data;
  return html`<div class="dashboard-grid priority-tiles">
    ${ranking && html`<article class="tile" id="dashboard-top">
      <header><h2 id="dashboard-top-title"><a href="/priorities">${t('dashboard.top.title')}</a></h2></header>
      ${ranking.items.length === 0 ? html`<p class="muted">${t('dashboard.top.none')}</p>` : html`<ol class="tile-list">
        ${ranking.items.map((it) => html`<li data-id=${it.process.id}><${ProcessName} p=${it.process} />
          <span class="num muted">${fmtScore(it.score)}</span></li>`)}
      </ol>`}
      <footer><a href="/priorities">${t('dashboard.top.more', { count: ranking.total })}</a></footer>
    </article>`}
    ${quick && html`<article class="tile" id="dashboard-quick-wins">
      <header><h2 id="dashboard-quick-wins-title"><a href="/priorities/quick-wins">${t('dashboard.quick.title')}</a></h2></header>
      <p class="totals"><a class="tile-number" href="/priorities/quick-wins" aria-label=${t('dashboard.quick.count_link', { count: quick.quick_wins })}>${formatNumber(quick.quick_wins)}</a>
        <span>${t('dashboard.quick.count', { count: quick.quick_wins })}</span></p>
      ${quick.items.length > 0 && html`<ul class="tile-list">${quick.items.slice(0, 3).map((it) => html`<li data-id=${it.process.id}><${ProcessName} p=${it.process} /></li>`)}</ul>`}
      <footer><a href="/priorities/matrix">${t('dashboard.quick.matrix')}</a></footer>
    </article>`}
    ${kpis && html`<article class="tile" id="dashboard-kpis">
      <header><h2 id="dashboard-kpis-title"><a href="/priorities/kpis">${t('dashboard.kpis.title')}</a></h2></header>
      ${kpis.total === 0 ? html`<p class="muted">${t('dashboard.kpis.none')}</p>` : html`<table class="counts" aria-labelledby="dashboard-kpis-title">
        <tbody>${KPI_STATUSES.map((s) => {
          const n = (kpis.by_status && kpis.by_status[s]) || 0;
          return html`<tr data-status=${s}>
            <th scope="row"><${KpiBadge} status=${s} /></th>
            <td class="num"><a href=${urlWith('/priorities/kpis', { status: s })}
              aria-label=${t('dashboard.kpis.count_link', { count: n, status: t(`kpi.status.${s}`) })}>${formatNumber(n)}</a></td>
          </tr>`;
        })}</tbody>
      </table>`}
      <footer><a href="/priorities/kpis">${t('dashboard.kpis.all', { count: kpis.total })}</a></footer>
    </article>`}
  </div>`;
}

export function DashboardPage() {
  useTitle(t('dashboard.title'));
  const { loading, data, error } = useAsync(loadDashboard, []);
  const lang = language();
  const rtl = document.documentElement.dir === 'rtl';

  // The rows of every card, made again only when the data or the language change (a
  // new array would make the charts draw again).
  const cards = useMemo(() => {
    if (!data) return null;
    const { stats, units } = data;
    const pal = palette();
    const count = (list, v) => (list.find((r) => r.value === v) || { count: 0 }).count;
    return {
      nature: NATURES.map((n) => ({
        cell: html`<${NatureTag} value=${n} />`, text: t(`nature.${n}`), label: t(`nature.${n}`),
        count: count(stats.by_nature, n), href: urlWith('/processes', { nature: n }), color: pal[n],
      })),
      status: STATUSES.map((s) => ({
        cell: html`<${StatusBadge} value=${s} />`, text: t(`status.${s}`), label: t(`status.${s}`),
        count: count(stats.by_status, s), href: urlWith('/processes', { status: s }), color: pal.status[s],
      })),
      unit: countsByTopUnit(stats, units).map((r) => ({
        cell: html`<span><span class="code">${r.unit.code}</span> ${localized(r.unit, 'name')}</span>`,
        text: localized(r.unit, 'name'), label: unitLabel(r.unit),
        count: r.count, href: urlWith('/processes', { unit_id: r.unit.id }), color: pal.accent,
      })),
      digitisation: digitisationByTopUnit(stats, units),
    };
  }, [data, lang]);

  let body;
  if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (loading && !data) body = html`<${Loading} />`;
  else {
    const tot = data.stats.totals;
    if (tot.processes === 0) {
      body = html`<article class="empty">
        <h2>${t('dashboard.empty.title')}</h2>
        <p>${t('dashboard.empty.text')}</p>
        <p><code>dti import processes FILE.csv</code></p>
      </article>`;
    } else {
      body = html`
        <p class="totals">
          <a class="big-number" href="/processes">${formatNumber(tot.processes)}</a>
          <span>${t('dashboard.processes_total', { count: tot.processes })}</span>
        </p>
        <p class="muted">${t('dashboard.other_totals', { dependencies: tot.dependencies, units: tot.units, people: tot.people, goals: tot.goals })}</p>
        <p class="muted">${t('dashboard.chart_hint')}</p>
        <div class="dashboard-grid">
          <${CountCard} id="dashboard-nature" title=${t('dashboard.by_nature')} rows=${cards.nature} rtl=${rtl} lang=${lang} />
          <${CountCard} id="dashboard-status" title=${t('dashboard.by_status')} rows=${cards.status} rtl=${rtl} lang=${lang} />
          <${CountCard} id="dashboard-unit" title=${t('dashboard.by_unit')} rows=${cards.unit} rtl=${rtl} lang=${lang} />
        </div>
        ${cards.digitisation.length > 0 && html`<${DigitisationCard} rows=${cards.digitisation} rtl=${rtl} lang=${lang} />`}
        <${PriorityTiles} />
        <${GovernanceTile} />`;
    }
  }
  return html`<section>
    <h1 tabindex="-1">${t('dashboard.title')}</h1>
    <p class="lead">${t('dashboard.intro')}</p>
    ${body}
  </section>`;
}
