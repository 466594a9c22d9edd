// pages/import.js — import a CSV file from the browser (POST /api/v1/import/{kind}):
// check it first (a dry run) or import it; all rows or none, and every bad row shown
// in a table of line, column and problem. Analysts and administrators only.

import { html, useRef, useState } from '/vendor/htm-preact.mjs';
import { t, formatNumber } from '../i18n.js';
import { api, clearCache } from '../api.js';
import { urlWith } from '../router.js';
import { useTitle } from '../components.js';
import { errorText, mayWriteReference } from '../forms.js';

// The file kinds in the order a whole organisation is loaded (docs/csv-format.md),
// with their columns (required ones first); the CSV names are the file format's, not
// UI text.
const KINDS = [
  { kind: 'units', required: ['code', 'name', 'kind'], optional: ['name_zh', 'parent'], list: '/units' },
  { kind: 'people', required: ['email', 'name'], optional: ['unit', 'title', 'weekly_capacity_hours'], list: '/people' },
  { kind: 'goals', required: ['code', 'title', 'framework'], optional: ['title_zh', 'parent'], list: '/goals' },
  {
    kind: 'processes',
    required: ['code', 'name'],
    optional: ['name_zh', 'description', 'kind', 'parent', 'unit', 'owner', 'change_authority', 'nature', 'maturity',
      'volume_per_year', 'staff_hours_per_year', 'annual_cost', 'systems', 'pain_points', 'resources_needed',
      'change_from', 'change_to', 'status', 'source'],
    list: '/processes',
  },
  { kind: 'dependencies', required: ['from', 'to', 'kind'], optional: ['strength', 'note'], list: null },
  { kind: 'goal-links', required: ['process', 'goal', 'impact'], optional: [], list: null },
  {
    kind: 'assets',
    required: ['code', 'name', 'kind'],
    optional: ['name_zh', 'description', 'owner', 'steward_unit', 'classification', 'personal_data', 'critical',
      'lifecycle', 'medium', 'retention_years', 'retention_trigger', 'retention_from', 'disposition', 'legal_basis',
      'last_reviewed'],
    list: '/assets',
  },
  { kind: 'asset-copies', required: ['asset', 'kind', 'location'], optional: ['system', 'is_backup'], list: null },
  { kind: 'asset-links', required: ['process', 'asset', 'kind'], optional: ['note'], list: null },
];

/* Whether the logged-in role may import files: those who write the whole inventory
 * (the server decides too). */
export const canImport = mayWriteReference;

function Columns({ spec }) {
  return html`<p class="muted" id="import-columns">
    ${t('import.columns')}${' '}
    ${spec.required.map((c) => html`<code class="required-column">${c}</code> `)}
    ${spec.optional.map((c) => html`<code>${c}</code> `)}
  </p>`;
}

/* The all-or-nothing report: a table of the bad rows. */
function ProblemTable({ problem, fileName }) {
  const rows = problem.errors || [];
  const total = problem.problems || rows.length;
  return html`<article class="import-report" aria-labelledby="import-report-title">
    <header>
      <h2 id="import-report-title">${t('import.failed.title', { count: total })}</h2>
      <p>${t('import.failed.text', { file: fileName })}</p>
    </header>
    <div class="table-wrap">
      <table class="import-problems striped">
        <caption class="visually-hidden">${t('import.failed.caption')}</caption>
        <thead><tr>
          <th scope="col" class="num">${t('import.col.line')}</th>
          <th scope="col">${t('import.col.column')}</th>
          <th scope="col">${t('import.col.problem')}</th>
        </tr></thead>
        <tbody>
          ${rows.map((e) => html`<tr>
            <td class="num">${e.line}</td>
            <td>${e.column ? html`<code>${e.column}</code>` : t('import.whole_row')}</td>
            <td dir="auto">${e.message}</td>
          </tr>`)}
        </tbody>
      </table>
    </div>
    ${total > rows.length && html`<p class="muted">${t('import.failed.more', { shown: rows.length, count: total })}</p>`}
  </article>`;
}

function Outcome({ result, spec }) {
  if (!result) return null;
  if (result.error) {
    const e = result.error;
    if (e.status === 422 && e.problem && Array.isArray(e.problem.errors)) {
      return html`<${ProblemTable} problem=${e.problem} fileName=${result.fileName} />`;
    }
    const text = e.status === 403 ? t('import.forbidden') : e.status === 413 ? t('import.too_big') : errorText(e);
    return html`<p class="form-error" role="alert">${text}</p>`;
  }
  const r = result.reply;
  if (r.dry_run) {
    return html`<p class="form-notice" role="status">${t('import.checked', { count: r.rows, file: result.fileName })}</p>`;
  }
  return html`<p class="form-notice" role="status">
    ${t(`import.done.${spec.kind}`, { count: r.imported })}${' '}
    ${spec.list && html`<a href=${spec.kind === 'processes' ? urlWith('/processes', { sort: '-id' }) : spec.list}>${t('import.open_list')}</a>`}
  </p>`;
}

export function ImportPage({ loc }) {
  useTitle(t('import.title'));
  const initial = KINDS.some((k) => k.kind === loc.query.get('kind')) ? loc.query.get('kind') : 'processes';
  const [kind, setKind] = useState(initial);
  const [file, setFile] = useState(null);
  const [busy, setBusy] = useState(null); // 'check' | 'import' while waiting
  const [result, setResult] = useState(null);
  const fileRef = useRef(null);
  const spec = KINDS.find((k) => k.kind === kind);

  if (!canImport()) {
    return html`<section>
      <h1 tabindex="-1">${t('import.title')}</h1>
      <p class="form-error" role="alert">${t('import.forbidden')}</p>
    </section>`;
  }

  const send = async (dryRun) => {
    if (!file) {
      setResult({ error: { status: -1, message: t('import.no_file') }, fileName: '' });
      if (fileRef.current) fileRef.current.focus();
      return;
    }
    setBusy(dryRun ? 'check' : 'import');
    setResult(null);
    const params = new URLSearchParams({ filename: file.name });
    if (dryRun) params.set('dry_run', 'true');
    try {
      const reply = await api('POST', `/import/${kind}?${params}`, file, { contentType: 'text/csv' });
      if (!dryRun) clearCache(); // lists and names changed
      setResult({ reply, fileName: file.name });
    } catch (e) {
      setResult({ error: e, fileName: file.name });
    } finally {
      setBusy(null);
    }
  };

  const onSubmit = (ev) => { ev.preventDefault(); send(false); };
  const onFile = (ev) => {
    setFile(ev.target.files && ev.target.files[0] ? ev.target.files[0] : null);
    setResult(null);
  };
  const onKind = (ev) => { setKind(ev.target.value); setResult(null); };

  return html`<section>
    <h1 tabindex="-1">${t('import.title')}</h1>
    <p class="lead">${t('import.intro')}</p>
    <form class="import-form" onSubmit=${onSubmit} aria-busy=${busy ? 'true' : 'false'}>
      <div class="grid">
        <label for="import-kind">${t('import.kind')}
          <select id="import-kind" name="kind" value=${kind} onChange=${onKind} disabled=${!!busy}>
            ${KINDS.map((k) => html`<option value=${k.kind}>${t(`import.kind.${k.kind}`)}</option>`)}
          </select>
        </label>
        <label for="import-file">${t('import.file')}
          <input id="import-file" name="file" type="file" accept=".csv,text/csv" ref=${fileRef}
            onChange=${onFile} disabled=${!!busy} aria-describedby="import-columns" />
        </label>
      </div>
      <${Columns} spec=${spec} />
      <p class="muted">${t('import.order')}</p>
      <div class="form-actions">
        <button type="button" class="secondary" onClick=${() => send(true)} disabled=${!!busy}
          aria-busy=${busy === 'check' ? 'true' : 'false'}>${t('import.check')}</button>
        <button type="submit" disabled=${!!busy} aria-busy=${busy === 'import' ? 'true' : 'false'}>${t('import.submit')}</button>
      </div>
      ${busy && html`<p role="status">${t(busy === 'check' ? 'import.checking' : 'import.importing', { file: file ? file.name : '', size: formatNumber(file ? Math.ceil(file.size / 1024) : 0) })}</p>`}
    </form>
    <div aria-live="polite">
      ${result && result.error && result.error.status === -1
        ? html`<p class="form-error" role="alert">${result.error.message}</p>`
        : html`<${Outcome} result=${result} spec=${spec} />`}
    </div>
  </section>`;
}
