// history.js — the History tab of a row's page (a process, an information asset): the
// audit entries of GET /RESOURCE/{id}/history, oldest first, each with when, who, what
// was done and a table of the fields changed, before and after. The page says how a
// field is named and how its values read.

import { html } from '/vendor/htm-preact.mjs';
import { t, formatDateTime } from './i18n.js';
import { get } from './api.js';
import { ErrorBox, Loading, useAsync } from './components.js';

/* The history of PATH (e.g. /processes/7). PREFIX names the texts PREFIX.history.empty
 * and PREFIX.history.intro; LABEL(field) names a changed field, VALUE(field, v) shows
 * one of its values; KEEP(change) (optional) says which changes are news; MORE: say
 * "shown of total" when the server sent fewer entries than it holds. */
export function HistoryList({ path, prefix, label, value, keep, more }) {
  const { loading, data, error } = useAsync(() => get(`${path}/history`), [path]);
  if (error) return html`<${ErrorBox} error=${error} />`;
  if (loading || !data) return html`<${Loading} />`;
  const items = data.items || [];
  if (items.length === 0) return html`<p class="empty history-empty">${t(`${prefix}.history.empty`)}</p>`;
  return html`<p class="muted">${t(`${prefix}.history.intro`)}</p>
    <ol class="history">
      ${items.map((e) => {
        const actionKey = `history.action.${e.action}`;
        const action = t(actionKey) === actionKey ? e.action : t(actionKey);
        const changes = keep ? (e.changes || []).filter(keep) : e.changes || [];
        return html`<li key=${e.seq} class="history-entry" data-seq=${e.seq}>
          <p class="history-head">
            <time datetime=${e.at}>${formatDateTime(e.at)}</time>
            <span class="history-actor">${e.actor || t('process.history.system')}</span>
            <span class="badge history-action">${action}</span>
          </p>
          ${changes.length === 0 ? html`<p class="muted">${t('process.history.no_changes')}</p>` : html`<div class="table-wrap">
            <table class="striped history-changes">
              <caption class="visually-hidden">${t('process.history.changes_caption', { when: formatDateTime(e.at) })}</caption>
              <thead><tr>
                <th scope="col">${t('process.history.field')}</th>
                <th scope="col">${t('process.history.from')}</th>
                <th scope="col">${t('process.history.to')}</th>
              </tr></thead>
              <tbody>
                ${changes.map((c) => html`<tr data-field=${c.field}>
                  <th scope="row">${label(c.field)}</th>
                  <td class="from">${value(c.field, c.from)}</td>
                  <td class="to">${value(c.field, c.to)}</td>
                </tr>`)}
              </tbody>
            </table>
          </div>`}
        </li>`;
      })}
    </ol>
    ${more && data.total > items.length && html`<p class="muted">${t('process.more_dependencies', { shown: items.length, total: data.total })}</p>`}`;
}
