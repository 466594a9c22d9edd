// pages/graph.js — the dependency graph around a process (Cytoscape.js, a layered
// layout: what it relies on above, what it affects below), coloured by nature, wave or
// unit, filtered by dependency kind and unit; clicking a node shows its impact. The
// same nodes and links are listed in a table under the drawing. Everything that shapes
// the view lives in the address: /graph?process=12&depth=2&colour=nature&kinds=feeds.

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber, localized } from '../i18n.js';
import { allUnits, get, lookup, query } from '../api.js';
import { navigate, urlWith } from '../router.js';
import { ErrorBox, Loading, NATURES, NatureTag, useAsync, useTitle } from '../components.js';
import { ProcessPicker, unitTree } from '../forms.js';

const DEP_KINDS = ['feeds', 'triggers', 'shares_data', 'shares_system', 'regulated_by'];
const COLOURINGS = ['nature', 'wave', 'unit'];
// A palette for waves and units, dark enough for white labels (contrast >= 4.5).
const PALETTE = ['#1d4ed8', '#7c3aed', '#b45309', '#0f766e', '#be185d', '#4d7c0f', '#9333ea',
  '#c2410c', '#0369a1', '#a21caf', '#15803d', '#b91c1c'];

let cytoscapeModule = null;
function loadCytoscape() {
  if (!cytoscapeModule) {
    // Cytoscape adds a <style> of its own unless an element with this id exists; the
    // CSP forbids inline styles, so app.css carries the rule and this marks it present.
    const id = '__________cytoscape_stylesheet';
    if (!document.getElementById(id)) {
      const mark = document.createElement('meta');
      mark.id = id;
      document.head.appendChild(mark);
    }
    cytoscapeModule = import('/vendor/cytoscape.esm.min.mjs').then((m) => m.default);
  }
  return cytoscapeModule;
}

function natureColour(nature) {
  const css = getComputedStyle(document.documentElement);
  const v = nature ? css.getPropertyValue(`--dti-${nature.replace('_', '-')}`).trim() : '';
  return v || '#6b7280';
}

/* The unit a node is drawn in: its top-level unit, so colours stay few. */
function topUnitOf(unitId, parents) {
  let x = unitId;
  for (let i = 0; x && parents.get(x) && i < 100; i++) x = parents.get(x);
  return x;
}

function viewFrom(loc) {
  const q = loc.query;
  const depth = Number.parseInt(q.get('depth') || '2', 10);
  return {
    process: Number.parseInt(q.get('process') || '0', 10) || 0,
    depth: depth >= 1 && depth <= 6 ? depth : 2,
    colour: COLOURINGS.includes(q.get('colour')) ? q.get('colour') : 'nature',
    kinds: (q.get('kinds') || '').split(',').filter((k) => DEP_KINDS.includes(k)),
    unit: q.get('unit') || '',
  };
}

function GraphCanvas({ data, view, units, onPick }) {
  const box = useRef(null);
  const cyRef = useRef(null);
  useEffect(() => {
    let cy = null;
    let live = true;
    loadCytoscape().then((cytoscape) => {
      if (!live || !box.current) return;
      const parents = new Map(units.map((u) => [u.id, u.parent_id]));
      const tops = [...new Set(data.nodes.map((n) => topUnitOf(n.unit_id, parents)))];
      const colourOf = (n) => {
        if (view.colour === 'wave') return PALETTE[(n.wave - 1) % PALETTE.length];
        if (view.colour === 'unit') {
          const top = topUnitOf(n.unit_id, parents);
          return top ? PALETTE[tops.indexOf(top) % PALETTE.length] : '#6b7280';
        }
        return natureColour(n.nature);
      };
      const elements = [
        ...data.nodes.map((n) => ({
          data: { id: String(n.id), label: n.code, colour: colourOf(n), centre: n.direction === 'centre' ? 1 : 0 },
        })),
        ...data.edges.map((e, i) => ({
          data: { id: `e${i}`, source: String(e.from_id), target: String(e.to_id), width: e.strength },
        })),
      ];
      cy = cytoscape({
        container: box.current,
        elements,
        style: [
          { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', color: '#1f2937', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, width: 22, height: 22 } },
          { selector: 'node[centre = 1]', style: { 'border-width': 4, 'border-color': '#111827', width: 30, height: 30, 'font-weight': 'bold' } },
          { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#2563eb' } },
          { selector: 'edge', style: { width: 'data(width)', 'line-color': '#9ca3af', 'target-arrow-color': '#6b7280', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier' } },
        ],
        layout: { name: 'preset' },
        minZoom: 0.05,
        maxZoom: 1.4, // a few processes stay readable, not blown up to the whole box
        wheelSensitivity: 0.3,
      });
      // Layers from what the centre relies on (top) to what it affects (bottom): the
      // processes nothing in the drawing feeds are the first layer.
      const hasInput = new Set(data.edges.map((e) => String(e.to_id)));
      let roots = cy.nodes().filter((n) => !hasInput.has(n.id()));
      if (roots.empty()) roots = cy.nodes('[centre = 1]');
      cy.layout({ name: 'breadthfirst', directed: true, roots, spacingFactor: 1.75, padding: 24, animate: false }).run();
      cy.on('tap', 'node', (ev) => onPick(Number(ev.target.id())));
      cyRef.current = cy;
    });
    return () => { live = false; if (cy) cy.destroy(); cyRef.current = null; };
  }, [data, view.colour, units]);
  return html`<div class="graph-canvas" ref=${box} role="img"
    aria-label=${t('graph.canvas_label', { count: data.nodes.length })}></div>`;
}

/* The impact of the node clicked: counts, and links to see more. */
function PickedPanel({ id, onCentre }) {
  const { data, error } = useAsync(() => Promise.all([lookup('processes', id),
    get(`/processes/${id}/impact${query({ limit: 1 })}`),
    get(`/processes/${id}/impact${query({ direction: 'up', limit: 1 })}`)]), [id]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (!data) return html`<${Loading} />`;
  const [p, down, up] = data;
  return html`<aside class="graph-picked" aria-live="polite">
    <h2><a href=${`/processes/${id}`}><span class="code">${p ? p.code : `#${id}`}</span> ${p ? localized(p, 'name') : ''}</a></h2>
    <p>${t('graph.picked.impact', { down: down.total, up: up.total })}</p>
    <p><a href=${urlWith(`/processes/${id}`, { tab: 'impact' })}>${t('graph.picked.open_impact')}</a>
      ${' · '}<button type="button" class="secondary outline" onClick=${() => onCentre(id)}>${t('graph.picked.centre')}</button></p>
  </aside>`;
}

function GraphTable({ data }) {
  const codeOf = new Map(data.nodes.map((n) => [n.id, n.code]));
  return html`<details class="graph-table">
    <summary>${t('graph.table.summary', { nodes: data.nodes.length, edges: data.edges.length })}</summary>
    <div class="table-wrap"><table class="striped graph-nodes">
      <caption>${t('graph.table.nodes')}</caption>
      <thead><tr><th scope="col">${t('dependency.process')}</th><th scope="col">${t('field.nature')}</th>
        <th scope="col" class="num">${t('graph.table.wave')}</th><th scope="col">${t('graph.table.position')}</th></tr></thead>
      <tbody>${data.nodes.map((n) => html`<tr data-id=${n.id}>
        <td><a href=${`/processes/${n.id}`}><span class="code">${n.code}</span> ${n.name}</a></td>
        <td><${NatureTag} value=${n.nature} /></td>
        <td class="num">${n.wave}${n.cluster_size > 1 ? '*' : ''}</td>
        <td>${t(`graph.position.${n.direction}`, { count: n.distance })}</td>
      </tr>`)}</tbody>
    </table></div>
    <div class="table-wrap"><table class="striped graph-edges">
      <caption>${t('graph.table.edges')}</caption>
      <thead><tr><th scope="col">${t('graph.table.from')}</th><th scope="col">${t('dependency.relation')}</th><th scope="col">${t('graph.table.to')}</th></tr></thead>
      <tbody>${data.edges.map((e) => html`<tr>
        <td class="code">${codeOf.get(e.from_id)}</td><td>${t(`dependency.out.${e.kind}`)}</td><td class="code">${codeOf.get(e.to_id)}</td>
      </tr>`)}</tbody>
    </table></div>
  </details>`;
}

export function GraphPage({ loc }) {
  useTitle(t('graph.title'));
  const view = viewFrom(loc);
  const [picked, setPicked] = useState(null);
  const { data: units } = useAsync(() => allUnits(), []);
  const { data: centre } = useAsync(() => (view.process ? lookup('processes', view.process) : Promise.resolve(null)), [view.process]);
  const params = view.process ? query({ process_id: view.process, depth: view.depth, kinds: view.kinds.join(','), limit: 300 }) : '';
  const { loading, data, error } = useAsync(() => (params ? get(`/analysis/neighbourhood${params}`) : Promise.resolve(null)), [params]);
  useEffect(() => setPicked(null), [params]);

  const go = (change) => navigate(urlWith('/graph', {
    process: view.process || '', depth: view.depth, colour: view.colour, kinds: view.kinds.join(','), unit: view.unit, ...change,
  }), { replace: false });
  // no kinds in the address means all of them; at least one stays on
  const activeKinds = view.kinds.length ? view.kinds : DEP_KINDS;
  const toggleKind = (k) => {
    const next = activeKinds.includes(k) ? activeKinds.filter((x) => x !== k) : [...activeKinds, k];
    if (next.length) go({ kinds: next.length === DEP_KINDS.length ? '' : DEP_KINDS.filter((x) => next.includes(x)).join(',') });
  };

  // the unit filter keeps the nodes of a unit (and its sub-units), and the centre
  let shown = data;
  if (data && view.unit && units) {
    const parents = new Map(units.map((u) => [u.id, u.parent_id]));
    const inUnit = (id) => { for (let x = id, i = 0; x && i < 100; x = parents.get(x), i++) if (String(x) === view.unit) return true; return false; };
    const keep = new Set(data.nodes.filter((n) => n.direction === 'centre' || inUnit(n.unit_id)).map((n) => n.id));
    shown = { ...data, nodes: data.nodes.filter((n) => keep.has(n.id)), edges: data.edges.filter((e) => keep.has(e.from_id) && keep.has(e.to_id)) };
  }

  let body;
  if (!view.process) body = html`<p class="empty">${t('graph.empty')}</p>`;
  else if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!shown || !units) body = html`<${Loading} />`;
  else {
    body = html`<p id="graph-summary" aria-live="polite">${t('graph.summary', { count: data.total - 1, shown: shown.nodes.length - 1, depth: view.depth })}</p>
      <div class="graph-area" aria-busy=${loading ? 'true' : 'false'}>
        <${GraphCanvas} data=${shown} view=${view} units=${units} onPick=${setPicked} />
        ${picked && html`<${PickedPanel} id=${picked} onCentre=${(id) => go({ process: id })} />`}
      </div>
      <${Legend} view=${view} data=${shown} units=${units} />
      <${GraphTable} data=${shown} />`;
  }
  const unitOptions = units ? unitTree(units) : [];
  return html`<section class="graph-page">
    <h1 tabindex="-1">${t('graph.title')}${centre ? html`: <span class="code">${centre.code}</span> ${localized(centre, 'name')}` : ''}</h1>
    <p class="lead">${t('graph.intro')}</p>
    <div class="graph-controls">
      <div class="graph-control-process">
        <label for="graph-process">${t('graph.process')}</label>
        <${ProcessPicker} id="graph-process" value=${centre} placeholder=${t('dependency.add.placeholder')}
          onChange=${(p) => p && go({ process: p.id })} />
      </div>
      <label for="graph-depth">${t('graph.depth')}
        <select id="graph-depth" value=${String(view.depth)} onChange=${(e) => go({ depth: e.target.value })}>
          ${[1, 2, 3, 4, 5, 6].map((n) => html`<option value=${String(n)}>${n}</option>`)}
        </select></label>
      <label for="graph-colour">${t('graph.colour')}
        <select id="graph-colour" value=${view.colour} onChange=${(e) => go({ colour: e.target.value })}>
          ${COLOURINGS.map((c) => html`<option value=${c}>${t(`graph.colour.${c}`)}</option>`)}
        </select></label>
      <label for="graph-unit">${t('graph.unit')}
        <select id="graph-unit" value=${view.unit} onChange=${(e) => go({ unit: e.target.value })}>
          <option value="">${t('inventory.filters.all')}</option>
          ${unitOptions.map(({ unit, depth }) => html`<option value=${String(unit.id)}>${'\u00a0\u00a0'.repeat(depth)}${unit.code} — ${localized(unit, 'name')}</option>`)}
        </select></label>
      <fieldset class="graph-kinds">
        <legend>${t('graph.kinds')}</legend>
        ${DEP_KINDS.map((k) => html`<label><input type="checkbox" checked=${activeKinds.includes(k)}
          onChange=${() => toggleKind(k)} />${t(`graph.kind.${k}`)}</label>`)}
      </fieldset>
    </div>
    ${body}
  </section>`;
}

/* A colour sample; set through the DOM, as the CSP forbids style attributes. */
function Swatch({ colour }) {
  const ref = useRef(null);
  useEffect(() => { if (ref.current) ref.current.style.backgroundColor = colour; }, [colour]);
  return html`<span class="swatch" ref=${ref} aria-hidden="true"></span>`;
}

function Legend({ view, data, units }) {
  if (view.colour === 'nature') {
    return html`<p class="graph-legend">${NATURES.map((n) => html`<${NatureTag} value=${n} /> `)}</p>`;
  }
  if (view.colour === 'wave') {
    const waves = [...new Set(data.nodes.map((n) => n.wave))].sort((a, b) => a - b);
    return html`<p class="graph-legend">${waves.map((w) => html`<span class="legend-item"><${Swatch} colour=${PALETTE[(w - 1) % PALETTE.length]} />${t('graph.wave_n', { n: formatNumber(w) })}</span> `)}</p>`;
  }
  const parents = new Map(units.map((u) => [u.id, u.parent_id]));
  const byId = new Map(units.map((u) => [u.id, u]));
  const tops = [...new Set(data.nodes.map((n) => topUnitOf(n.unit_id, parents)))];
  return html`<p class="graph-legend">${tops.map((top, i) => html`<span class="legend-item"><${Swatch} colour=${top ? PALETTE[i % PALETTE.length] : '#6b7280'} />${top && byId.get(top) ? byId.get(top).code : t('graph.no_unit')}</span> `)}</p>`;
}
