/**
 * Pure helpers that connect validation issues (dotted paths into DraftContent) to form fields: DOM ids, which
 * issues are visible (touched fields or a revealed step), which step a path belongs to, the error summary, and
 * which element to focus for an issue. No DOM, no Svelte: the components call these.
 */
import type { WizardStep } from '../../../../shared/model/draft';
import type { Issue } from '../../../../shared/validation/issue';

/** The DOM id of the control that edits `path` (e.g. `listener.portRanges.1.end` → `wf-listener-portRanges-1-end`). */
export function fieldId(path: string): string {
  return 'wf-' + path.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/** The DOM id of the message block under the control for `path`. */
export function messageId(path: string): string {
  return fieldId(path) + '-msg';
}

/**
 * The step whose form edits `path`: `listener.*` and `target.*` are on step 1, `routing.*` on step 2; anything
 * else (e.g. `title`) is only shown on the confirm step.
 */
export function stepOfPath(path: string): WizardStep {
  const head = path.split('.', 1)[0];
  if (head === 'listener' || head === 'target') return 'listener';
  if (head === 'routing') return 'routing';
  return 'confirm';
}

/**
 * The issues that block or warn on `step`. `base` is shared/validation's `issuesForStep` for that step; target
 * issues (no load balancer chosen, an L7-only LB) are added to step 1 because the target is chosen there.
 * Order is kept and nothing is listed twice.
 */
export function issuesOfStep(
  issues: readonly Issue[],
  step: WizardStep,
  base: (issues: Issue[], step: WizardStep) => Issue[],
): Issue[] {
  const fromBase = base([...issues], step);
  const extra = issues.filter((i) => stepOfPath(i.path) === step && !fromBase.includes(i));
  const set = new Set<Issue>([...fromBase, ...extra]);
  return issues.filter((i) => set.has(i));
}

/** True when `a` is `b`, or one is an ancestor path of the other (`listener.portRanges` ~ `listener.portRanges.1.end`). */
export function pathsRelated(a: string, b: string): boolean {
  return a === b || a.startsWith(b + '.') || b.startsWith(a + '.');
}

/** What decides whether an issue is shown yet. */
export interface Visibility {
  /** Paths of fields the user has left (blur) at least once. */
  touched: ReadonlySet<string>;
  /** Steps on which Next was pressed (all their issues are shown from then on). */
  revealed: ReadonlySet<WizardStep>;
}

/**
 * True when the issue should be on screen: its step was revealed by a Next press, or the user touched its field,
 * a field inside it (a row-level issue after editing the row) or the row/list containing it.
 */
export function isVisible(issue: Issue, v: Visibility): boolean {
  if (v.revealed.has(stepOfPath(issue.path))) return true;
  if (v.touched.has(issue.path)) return true;
  for (const t of v.touched) if (pathsRelated(issue.path, t)) return true;
  return false;
}

/** The visible issues grouped by exact path, errors before warnings, in rule order otherwise. */
export function visibleByPath(issues: readonly Issue[], v: Visibility): Map<string, Issue[]> {
  const map = new Map<string, Issue[]>();
  for (const issue of issues) {
    if (!isVisible(issue, v)) continue;
    const list = map.get(issue.path);
    if (list) list.push(issue);
    else map.set(issue.path, [issue]);
  }
  for (const list of map.values()) list.sort((a, b) => severityRank(a) - severityRank(b));
  return map;
}

function severityRank(i: Issue): number {
  return i.severity === 'error' ? 0 : 1;
}

/** One line of the error summary shown on a blocked Next. */
export interface SummaryEntry {
  issue: Issue;
  /** The id of the element the summary link focuses. */
  targetId: string;
}

/**
 * The error summary of a blocked step: errors only (warnings never block), one line per issue, in form order,
 * each with the id of the control to focus. `exists(id)` says which ids are on the page.
 */
export function errorSummary(stepIssues: readonly Issue[], exists: (id: string) => boolean): SummaryEntry[] {
  return stepIssues.filter((i) => i.severity === 'error').map((issue) => ({ issue, targetId: resolveFocusTarget(issue.path, exists) }));
}

/**
 * The ids to try, best first, to focus the control for `path`: the path itself; for a row (`…members.3`) the
 * row's first field; then each ancestor (`routing.members` is the "Add server" button's id); finally the step's
 * heading.
 */
export function focusCandidates(path: string): string[] {
  const parts = path.split('.');
  const out: string[] = [fieldId(path)];
  const last = parts[parts.length - 1] ?? '';
  if (/^\d+$/.test(last)) {
    for (const child of ['start', 'address', 'key']) out.push(fieldId(`${path}.${child}`));
  }
  for (let n = parts.length - 1; n >= 1; n--) out.push(fieldId(parts.slice(0, n).join('.')));
  out.push(STEP_HEADING_ID);
  return [...new Set(out)];
}

/** The id of every step's h2 (there is one step on screen at a time). */
export const STEP_HEADING_ID = 'wizard-step-heading';

/** The first candidate id of `path` that is on the page (the step heading when none is). */
export function resolveFocusTarget(path: string, exists: (id: string) => boolean): string {
  return focusCandidates(path).find(exists) ?? STEP_HEADING_ID;
}

/** The value of `aria-describedby` for a control: its message block when it shows something, plus any help ids. */
export function describedBy(path: string, hasMessages: boolean, ...helpIds: (string | null | undefined | false)[]): string | undefined {
  const ids = [hasMessages ? messageId(path) : null, ...helpIds].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

const LISTENER_STEP_PATHS: readonly RegExp[] = [
  /^target\.(accountId|loadBalancerId)$/,
  /^listener\.(protocol|portMode|port|portRanges|name|nat64|transparentClientIp|proxyProtocol|accessControl|idleTimeout|tags|description)$/,
  /^listener\.accessControl\.(mode|ipGroupId)$/,
  /^listener\.portRanges\.\d+(\.(start|end))?$/,
  /^listener\.(maxNewConnections|maxConcurrentConnections)(\.(mode|value))?$/,
  /^listener\.tags\.\d+(\.(key|value))?$/,
];

const ROUTING_STEP_PATHS: readonly RegExp[] = [
  /^routing\.(mode|existingPoolId|members|healthCheck)$/,
  /^routing\.newPool\.(name|algorithm|description)$/,
  /^routing\.newPool\.stickySession(\.(enabled|timeoutMinutes))?$/,
  /^routing\.newPool\.connectionDrain(\.(enabled|timeoutSeconds))?$/,
  /^routing\.members\.\d+(\.(address|port|weight|name))?$/,
  /^routing\.healthCheck\.(enabled|type|port|interval|timeout|healthyThreshold|unhealthyThreshold)$/,
];

const HTTP_CHECK_PATHS = /^routing\.healthCheck\.(domainName|path|expectedCodes|httpMethod)$/;

/** What the routing step shows, which decides where its messages can appear. */
export interface RoutingLayout {
  /** The HTTP-only health check fields are on screen (HTTP/HTTPS check). */
  httpFields: boolean;
}

/** True when the form of step 1 shows a message block for exactly `path`. */
export function placedOnListenerStep(path: string): boolean {
  return LISTENER_STEP_PATHS.some((re) => re.test(path));
}

/** True when the form of step 2 shows a message block for exactly `path`. */
export function placedOnRoutingStep(path: string, layout: RoutingLayout): boolean {
  if (HTTP_CHECK_PATHS.test(path)) return layout.httpFields;
  return ROUTING_STEP_PATHS.some((re) => re.test(path));
}

/**
 * The issues whose path has no message block on the step, so they are listed at the top of the step instead of
 * being lost (a new rule with a new path still shows somewhere).
 */
export function unplacedIssues(issues: readonly Issue[], isPlaced: (path: string) => boolean): Issue[] {
  return issues.filter((i) => !isPlaced(i.path));
}

/** What a field's markup asks of the wizard's state (see `fieldHelpers`). */
export interface FieldMessagesSource {
  messages(path: string): Issue[];
  invalid(path: string): boolean;
}

/**
 * The three helpers every wizard field group uses, over the state `state()` returns (read at each call, so a
 * component's `w` prop is followed): `m` — the messages shown at a field; `desc` — its `aria-describedby` (messages
 * first, then the help ids given); `inv` — `aria-invalid` (true or absent).
 */
export function fieldHelpers(state: () => FieldMessagesSource): {
  m: (path: string) => Issue[];
  desc: (path: string, ...help: (string | false | null | undefined)[]) => string | undefined;
  inv: (path: string) => true | undefined;
} {
  const m = (path: string): Issue[] => state().messages(path);
  return {
    m,
    desc: (path, ...help) => describedBy(path, m(path).length > 0, ...help),
    inv: (path) => state().invalid(path) || undefined,
  };
}
