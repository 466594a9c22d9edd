// charts.js — what every ECharts chart of the app shares: the library loaded on first
// use (it is large; the log-in page does not need it), the colours of app.css, and the
// Chart component (one instance in a div, resized with its box). Every chart is hidden
// from assistive technology: a table beside it says the same (UX.md).

import { html, useEffect, useRef, useState } from '/vendor/htm-preact.mjs';
import { t } from './i18n.js';
import { STATUSES } from './components.js';

let echartsPromise = null;
/* The ECharts module (a promise), imported once. */
export function loadECharts() {
  if (!echartsPromise) {
    echartsPromise = import('/vendor/echarts.esm.min.mjs').catch((e) => {
      echartsPromise = null;
      throw e;
    });
  }
  return echartsPromise;
}

/* Colours come from app.css, so that a nature or a status has the same colour in a
 * chart as in its tag everywhere else. */
export function palette() {
  const cs = getComputedStyle(document.documentElement);
  const v = (name, dflt) => cs.getPropertyValue(name).trim() || dflt;
  return {
    paper: v('--dti-paper', '#b91c1c'),
    manual: v('--dti-manual', '#ea580c'),
    partly_digital: v('--dti-partly-digital', '#ca8a04'),
    digital: v('--dti-digital', '#15803d'),
    none: v('--dti-nature-none', '#64748b'),
    status: Object.fromEntries(STATUSES.map((s) => [s, v(`--dti-status-${s.replace(/_/g, '-')}`, '#475569')])),
    kpi: Object.fromEntries(['on_track', 'at_risk', 'off_track', 'achieved', 'no_data']
      .map((s) => [s, v(`--dti-kpi-${s.replace(/_/g, '-')}`, '#475569')])),
    // Distinct hues for categories without a colour of their own (units), each dark
    // enough to read on white.
    series: ['#0172ad', '#b45309', '#6d28d9', '#15803d', '#be123c', '#0e7490', '#4d7c0f', '#9d174d', '#475569', '#a16207'],
    accent: v('--pico-primary', '#0172ad'),
    text: getComputedStyle(document.body).color || '#333',
    muted: v('--pico-muted-color', '#646b79'),
    grid: v('--pico-muted-border-color', '#e2e8f0'),
    background: v('--pico-background-color', '#fff'),
    font: getComputedStyle(document.body).fontFamily || 'sans-serif',
  };
}

export const reducedMotion = () => window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/* One ECharts instance in a div: made when the component mounts (once ECharts is
 * loaded), given OPTION whenever it changes, resized with its box, disposed when the
 * component unmounts. ONCLICK gets ECharts' click parameters. The chart is hidden from
 * assistive technology: the table beside it says the same. */
export function Chart({ option, onClick, height, className }) {
  const box = useRef(null);
  const chart = useRef(null);
  const clicked = useRef(onClick);
  clicked.current = onClick;
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState(null);

  useEffect(() => {
    let live = true;
    let observer = null;
    let frame = 0;
    loadECharts().then((echarts) => {
      if (!live) return;
      const c = echarts.init(box.current, null, { renderer: 'canvas' });
      chart.current = c;
      c.on('click', (p) => { if (clicked.current) clicked.current(p); });
      observer = new ResizeObserver(() => {
        cancelAnimationFrame(frame);
        frame = requestAnimationFrame(() => { if (chart.current) chart.current.resize(); });
      });
      observer.observe(box.current);
      setReady(true);
    }, (e) => { if (live) setFailed(e); });
    return () => {
      live = false;
      cancelAnimationFrame(frame);
      if (observer) observer.disconnect();
      if (chart.current) chart.current.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (height && box.current) box.current.style.height = `${height}px`;
    if (ready && chart.current) {
      chart.current.resize();
      chart.current.setOption(option, { notMerge: true });
    }
  }, [ready, option, height]);

  if (failed) return html`<p class="muted">${t('dashboard.chart_failed')}</p>`;
  return html`<div class=${`chart ${className || ''}`} ref=${box} aria-hidden="true" data-ready=${ready ? 'true' : 'false'}></div>`;
}
