/**
 * The title a draft gets when the user has not named it: generated from its content — protocol and port (or port
 * ranges), listener name, load balancer — e.g. "TCP 3306 · mysql-read · tcp-gateway" or
 * "TCP 10000–10100, 20000–20010 · game". It follows the content (the wizard regenerates it on every edit) until the
 * user renames the draft (`titleAuto` off). Only `fallback` (nothing known yet) depends on the language.
 */
import type { DraftContent } from './draft';

/** Titles are at most this long (the rename rule). */
export const DRAFT_TITLE_MAX = 255;

const SEP = ' · ';

/** The ports part: "3306", "10000–10100, 20000–20010", or "" while nothing usable is typed. */
export function portsForTitle(listener: DraftContent['listener']): string {
  if (listener.portMode === 'single') return listener.port === null ? '' : String(listener.port);
  return listener.portRanges
    .filter((r) => r.start !== null || r.end !== null)
    .map((r) => (r.start !== null && r.end !== null && r.start !== r.end ? `${r.start}–${r.end}` : String(r.start ?? r.end)))
    .join(', ');
}

/**
 * The generated title of `content`. `lbName` is the target load balancer's name (or ID) when known; `fallback` is
 * the localised "New TCP listener" used when neither a port, a name nor a load balancer is known.
 */
export function autoDraftTitle(content: Pick<DraftContent, 'listener'>, lbName: string | null, fallback: string): string {
  const ports = portsForTitle(content.listener);
  const name = content.listener.name.trim();
  const lb = lbName?.trim() ?? '';
  if (!ports && !name && !lb) return fallback.slice(0, DRAFT_TITLE_MAX);
  const head = ports ? `TCP ${ports}` : 'TCP';
  const title = [head, name, lb].filter((x) => x.length > 0).join(SEP);
  return title.length <= DRAFT_TITLE_MAX ? title : title.slice(0, DRAFT_TITLE_MAX - 1) + '…';
}
