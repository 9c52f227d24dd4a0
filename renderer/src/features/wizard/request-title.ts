/**
 * A planned request's title in the UI's language, from its label (shared/mapping/step-label.ts): the plan's own
 * `title` is English, for files, logs and the journal. A request without a label shows its title as it is.
 */
import type { PlannedRequest } from '../../../../shared/ipc/contract';
import { lt } from '../lifecycle/i18n';
import { wt } from './i18n';

/** The title of `req` in the current language. */
export function requestTitle(req: Pick<PlannedRequest, 'title' | 'label'>): string {
  const label = req.label;
  if (!label) return req.title;
  const p = label.params;
  const text = (v: string | number | undefined): string => (v === undefined ? '' : String(v));
  switch (label.code) {
    case 'createPool':
      return wt('requests.titles.createPool', {
        name: p.name ? wt('requests.titles.poolName', { name: text(p.name) }) : '',
        algorithm: text(p.algorithm),
        allPorts: p.allPorts ? wt('requests.titles.allPorts') : '',
      });
    case 'addMembers':
    case 'deleteTags':
    case 'addTags':
      return wt(`requests.titles.${label.code}`, { count: Number(p.count) });
    case 'updateListener':
      return wt('requests.titles.updateListener', {
        fields: text(p.fields)
          .split(',')
          .filter(Boolean)
          .map((field) => lt(`field.${field as 'name'}`))
          .join(wt('requests.titles.fieldSeparator')),
      });
    default:
      return wt(`requests.titles.${label.code}`, Object.fromEntries(Object.entries(p).map(([k, v]) => [k, text(v)])));
  }
}
