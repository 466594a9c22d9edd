// pages/quickwins.js — /priorities/matrix and /priorities/quick-wins, both from
// GET /api/v1/analysis/quick-wins?all=true (every assessed process with its value,
// effort and the reasons it is not a quick win). The matrix draws value against
// effort (bubble size: yearly volume, colour: organisation) with the quick-win corner
// shaded; a table under it says the same. The quick-wins page lists them with the
// thresholds editable (?min_value=&max_effort=), and the processes that miss by one
// reason only ("almost"), with that reason in words.

import { html, useEffect, useMemo, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, language, localized } from '../i18n.js';
import { allUnits, get, query } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { ErrorBox, Loading, useAsync, useTitle } from '../components.js';
import { Chart, palette, reducedMotion } from '../charts.js';
import { fieldErrors, errorText } from '../forms.js';
import { NeedsCriteria, ProcessIdLinks, ProcessName, WeightSetNote, fmtScore, needsCriteria } from '../priorities.js';

/* The thresholds of the address (empty: the server's defaults). */
function thresholdsOf(q) {
  return { min_value: q.get('min_value') || '', max_effort: q.get('max_effort') || '' };
}

async function loadQuickWins(th) {
  const [r, units] = await Promise.all([
    get(`/analysis/quick-wins${query({ all: 'true', min_value: th.min_value, max_effort: th.max_effort })}`),
    allUnits(),
  ]);
  return { r, units };
}

/* unit id → its chain of units from the top-level one down to itself. */
function unitPaths(units) {
  const byId = new Map(units.map((u) => [u.id, u]));
  return (id) => {
    const out = [];
    for (let u = byId.get(id), n = 0; u && n < 1000; u = byId.get(u.parent_id), n++) {
      out.unshift(u);
      if (u.parent_id === null || u.parent_id === undefined) break;
    }
    return out;
  };
}

/* The organisational level that tells the processes apart: the shallowest at which they
 * fall into at least two groups (the sectors, or the departments when every process is
 * in one sector); each process's unit at that level. */
function groupUnits(unitIds, units) {
  const path = unitPaths(units);
  const paths = unitIds.map((id) => (id === null || id === undefined ? [] : path(id)));
  const maxDepth = Math.max(0, ...paths.map((p) => p.length));
  let depth = 0;
  for (let d = 0; d < maxDepth; d++) {
    depth = d;
    const keys = new Set(paths.map((p) => (p.length ? p[Math.min(d, p.length - 1)].id : 0)));
    if (keys.size > 1) break;
  }
  return paths.map((p) => (p.length ? p[Math.min(depth, p.length - 1)] : null));
}

/* The thresholds form: minimum value and maximum effort (0–1), into the address. */
function ThresholdsForm({ path, th, reply, error }) {
  const [minValue, setMinValue] = useState(th.min_value || (reply ? String(reply.thresholds.min_value) : ''));
  const [maxEffort, setMaxEffort] = useState(th.max_effort || (reply ? String(reply.thresholds.max_effort) : ''));
  // The server's defaults fill the fields left empty, unless the user typed first.
  const typed = useRef({});
  useEffect(() => {
    if (!reply) return;
    if (!th.min_value && !typed.current.min_value) setMinValue(String(reply.thresholds.min_value));
    if (!th.max_effort && !typed.current.max_effort) setMaxEffort(String(reply.thresholds.max_effort));
  }, [reply && reply.thresholds.min_value, reply && reply.thresholds.max_effort]);
  const errors = fieldErrors(error);
  const onSubmit = (ev) => {
    ev.preventDefault();
    navigate(urlWith(path, { min_value: minValue.trim(), max_effort: maxEffort.trim() }));
  };
  const field = (name, label, v, set) => html`<div class=${`form-field${errors[name] ? ' has-error' : ''}`}>
    <label for=${`qw-${name}`}>${label}</label>
    <input id=${`qw-${name}`} type="number" min="0" max="1" step="0.05" inputmode="decimal" value=${v}
      aria-invalid=${errors[name] ? 'true' : undefined} aria-describedby=${errors[name] ? `qw-${name}-error` : `qw-${name}-hint`}
      onInput=${(e) => { typed.current[name] = true; set(e.target.value); }} />
    ${errors[name] ? html`<small id=${`qw-${name}-error`} class="field-error">${errors[name]}</small>`
      : html`<small id=${`qw-${name}-hint`} class="muted">${t(`priorities.quickwins.${name}.hint`)}</small>`}
  </div>`;
  return html`<form class="thresholds-form" onSubmit=${onSubmit} aria-label=${t('priorities.quickwins.thresholds')}>
    ${field('min_value', t('priorities.quickwins.min_value'), minValue, setMinValue)}
    ${field('max_effort', t('priorities.quickwins.max_effort'), maxEffort, setMaxEffort)}
    <div class="form-actions"><button type="submit">${t('priorities.quickwins.apply')}</button></div>
  </form>`;
}

/* Why a process is not a quick win, in words. */
function ReasonText({ reason, item, thresholds }) {
  switch (reason) {
    case 'low_value': return t('priorities.reason.low_value', { value: fmtScore(item.value), min: fmtScore(thresholds.min_value) });
    case 'high_effort': return t('priorities.reason.high_effort', { effort: fmtScore(item.effort), max: fmtScore(thresholds.max_effort) });
    case 'blocked': return html`${t('priorities.reason.blocked')} <${ProcessIdLinks} ids=${item.blocked_by || []} />`;
    default: return t(`priorities.reason.${reason}`);
  }
}

export function QuickWinsPage({ loc }) {
  const th = thresholdsOf(loc.query);
  const title = t('priorities.quickwins.title');
  useTitle(title);
  const key = JSON.stringify(th);
  const { loading, data, error } = useAsync(() => loadQuickWins(th), [key]);
  const bad = error && error.status === 422 && !needsCriteria(error);
  const r = data && data.r;
  let body;
  if (needsCriteria(error)) body = html`<${NeedsCriteria} error=${error} />`;
  else if (error && !bad) body = html`<${ErrorBox} error=${error} />`;
  else if (!r) body = bad ? html`<p class="form-error" role="alert">${errorText(error)}</p>` : html`<${Loading} />`;
  else {
    const wins = r.items.filter((i) => i.quick_win);
    const almost = r.items.filter((i) => !i.quick_win && i.reasons.length === 1);
    body = html`<${WeightSetNote} id=${r.weight_set_id} />
      <h2 id="quick-wins-title">${t('priorities.quickwins.list_title', { count: wins.length })}</h2>
      ${wins.length === 0 ? html`<p class="empty">${t('priorities.quickwins.none')}</p>` : html`<div class="table-wrap">
        <table class="striped quick-wins" aria-labelledby="quick-wins-title" aria-busy=${loading ? 'true' : 'false'}>
          <thead><tr>
            <th scope="col" class="num">${t('priorities.col.rank')}</th>
            <th scope="col">${t('priorities.col.process')}</th>
            <th scope="col" class="num">${t('priorities.col.value')}</th>
            <th scope="col" class="num">${t('priorities.col.effort')}</th>
            <th scope="col" class="num">${t('priorities.col.score')}</th>
            <th scope="col" class="num">${t('field.volume_per_year')}</th>
          </tr></thead>
          <tbody>${wins.map((i) => html`<tr key=${i.process.id} data-id=${i.process.id}>
            <td class="num">${formatNumber(i.rank)}</td>
            <td><${ProcessName} p=${i.process} /></td>
            <td class="num">${fmtScore(i.value)}</td>
            <td class="num">${fmtScore(i.effort)}</td>
            <td class="num">${fmtScore(i.score)}</td>
            <td class="num">${i.process.volume_per_year === null ? t('common.none') : formatNumber(i.process.volume_per_year)}</td>
          </tr>`)}</tbody>
        </table></div>`}
      <h2 id="almost-title">${t('priorities.quickwins.almost_title', { count: almost.length })}</h2>
      <p class="muted">${t('priorities.quickwins.almost_intro')}</p>
      ${almost.length === 0 ? html`<p class="empty">${t('priorities.quickwins.almost_none')}</p>` : html`<div class="table-wrap">
        <table class="striped almost" aria-labelledby="almost-title">
          <thead><tr>
            <th scope="col" class="num">${t('priorities.col.rank')}</th>
            <th scope="col">${t('priorities.col.process')}</th>
            <th scope="col" class="num">${t('priorities.col.value')}</th>
            <th scope="col" class="num">${t('priorities.col.effort')}</th>
            <th scope="col">${t('priorities.quickwins.col.reason')}</th>
          </tr></thead>
          <tbody>${almost.map((i) => html`<tr key=${i.process.id} data-id=${i.process.id} data-reason=${i.reasons[0]}>
            <td class="num">${formatNumber(i.rank)}</td>
            <td><${ProcessName} p=${i.process} /></td>
            <td class="num">${fmtScore(i.value)}</td>
            <td class="num">${fmtScore(i.effort)}</td>
            <td><${ReasonText} reason=${i.reasons[0]} item=${i} thresholds=${r.thresholds} /></td>
          </tr>`)}</tbody>
        </table></div>`}`;
  }
  return html`<section class="priorities-page quickwins-page">
    <h1 tabindex="-1">${title}</h1>
    <p class="lead">${t('priorities.quickwins.intro')}</p>
    <${ThresholdsForm} path="/priorities/quick-wins" th=${th} reply=${r} error=${bad ? error : null} />
    <p class="muted"><a href=${urlWith('/priorities/matrix', th)}>${t('priorities.quickwins.to_matrix')}</a></p>
    ${body}
  </section>`;
}

/* ---------- the value/effort matrix ---------- */

/* Bubble size from a yearly volume: the square root, between 8 and 44 pixels. */
function bubbleSize(v, maxRoot) {
  if (!v || maxRoot <= 0) return 8;
  return 8 + 36 * (Math.sqrt(v) / maxRoot);
}

function matrixOption(points, groups, thresholds, pal, rtl) {
  const maxRoot = Math.sqrt(Math.max(1, ...points.map((p) => p.item.process.volume_per_year || 0)));
  const series = groups.map((g, gi) => ({
    type: 'scatter',
    name: g.label,
    cursor: 'pointer',
    itemStyle: { color: pal.series[gi % pal.series.length], opacity: 0.78, borderColor: '#fff', borderWidth: 1 },
    emphasis: { focus: 'series', itemStyle: { opacity: 1 } },
    data: points.filter((p) => p.group === g.key).map((p) => ({
      value: [p.item.effort, p.item.value], id: p.item.process.id,
      symbolSize: bubbleSize(p.item.process.volume_per_year, maxRoot), item: p.item, unit: p.unit,
    })),
  }));
  // The quick-win corner, shaded and labelled, on the first series.
  if (series.length) {
    series[0].markArea = {
      silent: true,
      itemStyle: { color: 'rgba(21, 128, 61, 0.10)', borderColor: pal.digital, borderWidth: 1, borderType: 'dashed' },
      label: { show: true, position: 'insideTopLeft', color: pal.digital, fontWeight: 'bold', formatter: t('priorities.matrix.corner') },
      data: [[{ coord: [0, thresholds.min_value] }, { coord: [thresholds.max_effort, 1] }]],
    };
  }
  const axis = (name, inverse) => ({
    type: 'value', min: 0, max: 1, interval: 0.2, inverse, name,
    nameLocation: 'middle', nameGap: 30, nameTextStyle: { color: pal.muted, fontWeight: 'bold' },
    axisLabel: { color: pal.muted, formatter: (v) => formatNumber(v, { maximumFractionDigits: 1 }) },
    splitLine: { lineStyle: { color: pal.grid } },
  });
  return {
    animation: !reducedMotion(),
    textStyle: { fontFamily: pal.font, color: pal.text },
    legend: { top: 0, left: 'center', textStyle: { color: pal.text }, itemGap: 16 },
    grid: { left: rtl ? 24 : 56, right: rtl ? 56 : 24, top: 40 + 24 * Math.ceil(groups.length / 4), bottom: 52 },
    tooltip: {
      trigger: 'item', renderMode: 'richText', confine: true,
      formatter: (p) => t('priorities.matrix.tooltip', {
        code: p.data.item.process.code, name: localized(p.data.item.process, 'name'),
        value: fmtScore(p.data.item.value), effort: fmtScore(p.data.item.effort),
        unit: p.data.unit ? p.data.unit.code : t('common.none'),
      }),
    },
    xAxis: axis(t('priorities.matrix.axis_effort'), rtl),
    yAxis: { ...axis(t('priorities.matrix.axis_value'), false), nameGap: 40, position: rtl ? 'right' : 'left' },
    series,
  };
}

export function MatrixPage({ loc }) {
  const th = thresholdsOf(loc.query);
  const title = t('priorities.matrix.title');
  useTitle(title);
  const key = JSON.stringify(th);
  const { data, error } = useAsync(() => loadQuickWins(th), [key]);
  const lang = language();
  const rtl = document.documentElement.dir === 'rtl';
  const [showAll, setShowAll] = useState(false);

  const model = useMemo(() => {
    if (!data) return null;
    const unitById = new Map(data.units.map((u) => [u.id, u]));
    const groupsByKey = new Map();
    const items = data.r.items.filter((i) => i.value !== null && i.effort !== null);
    const groupOf = groupUnits(items.map((i) => i.process.unit_id), data.units);
    const points = items.map((item, k) => {
      const g = groupOf[k];
      const key = g ? g.id : 0;
      if (!groupsByKey.has(key)) groupsByKey.set(key, { key, label: g ? `${g.code} · ${localized(g, 'name')}` : t('priorities.matrix.no_unit') });
      return { item, group: key, unit: unitById.get(item.process.unit_id) || null };
    });
    // Quick wins first, then the others, each in the order of the ranking.
    points.sort((a, b) => (b.item.quick_win - a.item.quick_win) || (a.item.rank - b.item.rank));
    const groups = [...groupsByKey.values()].sort((a, b) => (a.key === 0) - (b.key === 0) || a.label.localeCompare(b.label));
    return { points, groups, option: matrixOption(points, groups, data.r.thresholds, palette(), rtl) };
  }, [data, lang, rtl]);

  const onClick = (p) => { if (p && p.data && p.data.id) navigate(`/processes/${p.data.id}`); };

  let body;
  if (needsCriteria(error)) body = html`<${NeedsCriteria} error=${error} />`;
  else if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!model) body = html`<${Loading} />`;
  else if (model.points.length === 0) {
    body = html`<article class="empty"><h2>${t('priorities.empty.assessed.title')}</h2>
      <p>${t('priorities.empty.assessed.text')}</p></article>`;
  } else {
    const r = data.r;
    const rows = showAll ? model.points : model.points.slice(0, 50);
    body = html`<${WeightSetNote} id=${r.weight_set_id} />
      <article class="matrix-card">
        <header><h2 id="matrix-title">${t('priorities.matrix.chart_title')}</h2>
          <p class="muted">${t('priorities.matrix.chart_intro', { min: fmtScore(r.thresholds.min_value), max: fmtScore(r.thresholds.max_effort), count: r.quick_wins })}${' '}
            <a href=${urlWith('/priorities/quick-wins', th)}>${t('priorities.matrix.change_thresholds')}</a></p></header>
        <${Chart} option=${model.option} onClick=${onClick} height=${520} className="matrix-chart" />
        <h3 id="matrix-table-title">${t('priorities.matrix.table_title')}</h3>
        <div class="table-wrap"><table class="striped matrix-table" aria-labelledby="matrix-table-title">
          <thead><tr>
            <th scope="col">${t('field.code')}</th>
            <th scope="col">${t('field.name')}</th>
            <th scope="col">${t('field.unit')}</th>
            <th scope="col" class="num">${t('priorities.col.value')}</th>
            <th scope="col" class="num">${t('priorities.col.effort')}</th>
            <th scope="col">${t('priorities.matrix.col.quick_win')}</th>
          </tr></thead>
          <tbody>${rows.map(({ item, unit }) => html`<tr key=${item.process.id} data-id=${item.process.id} data-quick-win=${item.quick_win ? 'true' : 'false'}>
            <td><a href=${`/processes/${item.process.id}`} class="code">${item.process.code}</a></td>
            <td><a href=${`/processes/${item.process.id}`}>${localized(item.process, 'name')}</a></td>
            <td>${unit ? html`<span class="code" title=${localized(unit, 'name')}>${unit.code}</span>` : t('common.none')}</td>
            <td class="num">${fmtScore(item.value)}</td>
            <td class="num">${fmtScore(item.effort)}</td>
            <td>${item.quick_win ? html`<span class="badge quick-win-yes">${t('priorities.matrix.yes')}</span>` : html`<span class="muted">${t('priorities.matrix.no')}</span>`}</td>
          </tr>`)}</tbody>
        </table></div>
        ${model.points.length > rows.length && html`<p><button type="button" class="secondary outline" onClick=${() => setShowAll(true)}>
          ${t('priorities.matrix.show_all', { count: model.points.length })}</button></p>`}
      </article>`;
  }
  return html`<section class="priorities-page matrix-page">
    <h1 tabindex="-1">${title}</h1>
    <p class="lead">${t('priorities.matrix.intro')}</p>
    ${body}
  </section>`;
}
