// pages/asset_parts.js — what the pages of the Governance area share: the enumerations
// of information assets (docs/api.md, "Objects"), the classification and severity
// badges (colour and word), who may write an asset (the owner rule of docs/api.md,
// mirrored so that the UI shows only what the role may do; the server still decides),
// the retention of an asset in words, where a finding is fixed, and the area's own
// navigation (Assets, Findings, Retention).

import { html } from '/vendor/htm-preact.mjs';
import { t, formatDate, localized } from '../i18n.js';
import { mayWriteProcess } from '../forms.js';

export const ASSET_KINDS = ['record_series', 'document_collection', 'data_set', 'system', 'archive'];
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'strictly_confidential'];
export const LIFECYCLES = ['collect', 'process', 'analyse', 'disseminate', 'archive', 'dispose'];
export const MEDIA = ['paper', 'digital', 'both'];
export const TRIGGERS = ['creation', 'closure', 'last_use', 'event'];
export const DISPOSITIONS = ['destroy', 'transfer_to_archives', 'review'];
export const COPY_KINDS = ['paper_archive', 'file_share', 'system', 'cloud'];
export const LINK_KINDS = ['creates', 'uses', 'updates', 'publishes'];
export const RULES = ['no_owner', 'single_copy', 'paper_in_digital', 'retention_due', 'sensitive_published',
  'not_reviewed', 'system_no_owner'];
export const SEVERITIES = ['high', 'medium', 'low'];

/* The classification of an asset: the word on a tint of its colour (never colour alone). */
export function ClassificationBadge({ value }) {
  if (!value) return html`<span class="muted">${t('common.none')}</span>`;
  return html`<span class=${`badge classification classification-${value}`}>${t(`asset.classification.${value}`)}</span>`;
}

export function SeverityBadge({ value }) {
  return html`<span class=${`badge severity severity-${value}`}>${t(`governance.severity.${value}`)}</span>`;
}

/* Yes, or the dash (personal data, critical, backup). */
export function YesNo({ value }) {
  return value ? html`<span class="yes">${t('history.yes')}</span>` : html`<span class="muted">${t('history.no')}</span>`;
}

/* The asset's code and name, a link to its page (TAB: one of its tabs). */
export function AssetLink({ asset, id, tab }) {
  if (!asset) return html`<span class="muted">#${id}</span>`;
  const href = tab ? `/assets/${asset.id}?tab=${tab}` : `/assets/${asset.id}`;
  return html`<a href=${href}><span class="code">${asset.code}</span> ${localized(asset, 'name')}</a>`;
}

/* Whether the role may change asset A (and its copies): admins and analysts any; an
 * owner those they own and those stewarded by their unit or below it (UNITS: every
 * unit by id); viewers none. Without A: whether the role may create an asset at all.
 * The owner and steward rule of an asset is the owner and unit rule of a process. */
export function mayWriteAsset(a, units) {
  if (!a) return mayWriteProcess(null);
  return mayWriteProcess({ owner_id: a.owner_id ?? null, unit_id: a.steward_unit_id ?? null }, units);
}

/* "2020-12-31" plus YEARS years, as the server counts it (29 February → 28). */
export function addYears(ymd, years) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
  if (!m) return '';
  const y = Number(m[1]) + years;
  const month = Number(m[2]);
  let day = Number(m[3]);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day > max) day = max;
  return `${String(y).padStart(4, '0')}-${m[2]}-${String(day).padStart(2, '0')}`;
}

/* Today as YYYY-MM-DD (the user's calendar day). */
export function todayYmd() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/* The date asset A falls due for disposition, or '' (no retention, or its trigger has
 * not happened yet). */
export function dueDate(a) {
  if (a.retention_years === null || a.retention_years === undefined || !a.retention_from) return '';
  return addYears(a.retention_from, a.retention_years);
}

/* The retention of asset A in words: "7 years from closure (31 Dec 2020) → due
 * 31 Dec 2027, destroy", or what is missing. */
export function retentionText(a) {
  if (a.retention_years === null || a.retention_years === undefined) return '';
  const trigger = a.retention_trigger ? t(`asset.trigger.${a.retention_trigger}`) : t('common.none');
  const base = t('asset.retention.years_from', { count: a.retention_years, trigger });
  const disposition = a.disposition ? t(`asset.disposition_verb.${a.disposition}`) : t('common.none');
  const due = dueDate(a);
  if (!due) return t('asset.retention.open', { retention: base, disposition });
  return t('asset.retention.due', { retention: base, from: formatDate(a.retention_from), due: formatDate(due), disposition });
}

/* The tab of an asset's page that changes what each rule looks at (for
 * system_no_owner, the finding's asset is the system itself). */
export const FIX_TAB = {
  no_owner: 'details', not_reviewed: 'details', retention_due: 'details', system_no_owner: 'details',
  single_copy: 'copies', paper_in_digital: 'processes', sensitive_published: 'processes',
};

/* Where finding F is fixed: that tab of its asset's page. */
export function fixHref(f) {
  const tab = FIX_TAB[f.rule] || 'details';
  return tab === 'details' ? `/assets/${f.asset.id}` : `/assets/${f.asset.id}?tab=${tab}`;
}

// The pages of the Governance area, shown as a second row on its lists.
const GOVERNANCE_PAGES = [
  { key: 'assets', href: '/assets' },
  { key: 'findings', href: '/governance/findings' },
  { key: 'retention', href: '/governance/retention' },
];

/* The Governance area's own navigation, on its list pages (not on an asset's page). */
export function GovernanceNav({ path }) {
  const p = path.replace(/\/+$/, '');
  if (!GOVERNANCE_PAGES.some((l) => l.href === p)) return null;
  return html`<nav class="subnav" aria-label=${t('nav.governance_area')}>
    <ul>
      ${GOVERNANCE_PAGES.map((l) => html`<li><a href=${l.href} aria-current=${p === l.href ? 'page' : undefined}>${t(`nav.governance.${l.key}`)}</a></li>`)}
    </ul>
  </nav>`;
}

