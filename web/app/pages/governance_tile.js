// pages/governance_tile.js — the dashboard's "Governance findings" tile: the findings
// counted by severity (each number opens the findings list it counts) and the next
// assets due for disposition (each a link to its page), with links to the findings
// and the retention calendar.

import { html } from '/vendor/htm-preact.mjs';
import { t, formatDate, formatNumber } from '../i18n.js';
import { get } from '../api.js';
import { urlWith } from '../router.js';
import { ErrorBox, Loading, useAsync } from '../components.js';
import { SEVERITIES, AssetLink, SeverityBadge } from './asset_parts.js';

const NEXT = 5;

async function loadTile() {
  const [findings, retention] = await Promise.all([get('/governance/findings'), get('/governance/retention?months=12')]);
  return { findings, retention };
}

export function GovernanceTile() {
  const { data, error } = useAsync(loadTile, []);
  let body;
  if (error) body = html`<${ErrorBox} error=${error} />`;
  else if (!data) body = html`<${Loading} />`;
  else {
    const { findings, retention } = data;
    const next = retention.items.slice(0, NEXT);
    body = html`<div class="governance-tile-body">
      <div>
        <p class="totals">
          <a class="big-number" href="/governance/findings" aria-label=${t('dashboard.governance.total_link', { count: findings.total })}>${formatNumber(findings.total)}</a>
          <span>${t('dashboard.governance.findings', { count: findings.total })}</span>
        </p>
        <table class="counts governance-counts" aria-labelledby="dashboard-governance-title">
          <tbody>${SEVERITIES.map((s) => html`<tr data-severity=${s}>
            <th scope="row"><${SeverityBadge} value=${s} /></th>
            <td class="num"><a href=${urlWith('/governance/findings', { severity: s })}
              aria-label=${t('governance.findings.count_link', { count: findings.by_severity[s] || 0, severity: t(`governance.severity.${s}`) })}>${formatNumber(findings.by_severity[s] || 0)}</a></td>
          </tr>`)}</tbody>
        </table>
        <ul class="rule-links" aria-label=${t('governance.findings.by_rule')}>
          ${findings.by_rule.filter((r) => r.count > 0).sort((a, b) => b.count - a.count).map((r) => html`<li>
            <a href=${urlWith('/governance/findings', { rule: r.rule })}><span>${t(`governance.rule.${r.rule}`)}</span>
              <span class="rule-count">${formatNumber(r.count)}</span></a>
          </li>`)}
        </ul>
      </div>
      <div>
        <h3 id="dashboard-governance-due">${t('dashboard.governance.next_due')}</h3>
        ${next.length === 0 ? html`<p class="muted">${t('dashboard.governance.none_due')}</p>` : html`<ul class="due-list" aria-labelledby="dashboard-governance-due">
          ${next.map((i) => html`<li data-asset=${i.asset.id}>
            <${AssetLink} asset=${i.asset} />
            <span class=${i.overdue ? 'due overdue' : 'due'}>${formatDate(i.due)}${i.overdue ? ` · ${t('governance.retention.overdue')}` : ''}</span>
          </li>`)}
        </ul>`}
        <p><a href="/governance/retention">${t('dashboard.governance.calendar', { count: retention.total })}</a></p>
      </div>
    </div>`;
  }
  return html`<article class="governance-card" id="dashboard-governance">
    <header>
      <h2 id="dashboard-governance-title">${t('dashboard.governance.title')}</h2>
      <p class="muted">${t('dashboard.governance.intro')}</p>
    </header>
    ${body}
  </article>`;
}
