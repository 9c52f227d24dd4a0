import { describe, expect, it } from 'vitest';
import type { WizardStep } from '../../../../shared/model/draft';
import type { Issue } from '../../../../shared/validation/issue';
import {
  describedBy,
  fieldHelpers,
  errorSummary,
  fieldId,
  focusCandidates,
  isVisible,
  issuesOfStep,
  messageId,
  pathsRelated,
  resolveFocusTarget,
  STEP_HEADING_ID,
  stepOfPath,
  visibleByPath,
} from './field-paths';

function issue(path: string, severity: Issue['severity'] = 'error', code = path + '.rule'): Issue {
  return { path, code, severity, message: `${path} is wrong` };
}

const none = { touched: new Set<string>(), revealed: new Set<WizardStep>() };

describe('fieldId / messageId', () => {
  it('makes DOM-safe ids from dotted paths', () => {
    expect(fieldId('listener.portRanges.1.end')).toBe('wf-listener-portRanges-1-end');
    expect(messageId('listener.port')).toBe('wf-listener-port-msg');
  });
  it('gives different paths different ids', () => {
    expect(fieldId('routing.members.1.port')).not.toBe(fieldId('routing.members.11.port'));
  });
});

describe('stepOfPath', () => {
  it('maps listener and target paths to step 1, routing to step 2, others to confirm', () => {
    expect(stepOfPath('listener.tags.0.key')).toBe('listener');
    expect(stepOfPath('target.loadBalancerId')).toBe('listener');
    expect(stepOfPath('routing.healthCheck.timeout')).toBe('routing');
    expect(stepOfPath('title')).toBe('confirm');
  });
});

describe('issuesOfStep', () => {
  const issues = [issue('target.loadBalancerId'), issue('listener.port'), issue('routing.members'), issue('listener.name', 'warning')];
  const base = (all: Issue[], step: WizardStep): Issue[] => all.filter((i) => i.path.startsWith(step + '.'));
  it('adds target issues to the listener step, keeps order, lists nothing twice', () => {
    expect(issuesOfStep(issues, 'listener', base).map((i) => i.path)).toEqual(['target.loadBalancerId', 'listener.port', 'listener.name']);
    expect(issuesOfStep(issues, 'routing', base).map((i) => i.path)).toEqual(['routing.members']);
  });
  it('does not duplicate when the base already includes target issues', () => {
    const wide = (all: Issue[], step: WizardStep): Issue[] => all.filter((i) => stepOfPath(i.path) === step);
    expect(issuesOfStep(issues, 'listener', wide)).toHaveLength(3);
  });
});

describe('visibility', () => {
  it('hides everything before touch or Next', () => {
    expect(isVisible(issue('listener.port'), none)).toBe(false);
  });
  it('shows the issue of a touched field only', () => {
    const v = { touched: new Set(['listener.port']), revealed: new Set<WizardStep>() };
    expect(isVisible(issue('listener.port'), v)).toBe(true);
    expect(isVisible(issue('listener.idleTimeout'), v)).toBe(false);
    expect(isVisible(issue('listener.portMode'), v)).toBe(false);
  });
  it('shows list-level issues once a row field is touched, and row fields once the row is touched', () => {
    const v = { touched: new Set(['listener.portRanges.1.end']), revealed: new Set<WizardStep>() };
    expect(isVisible(issue('listener.portRanges'), v)).toBe(true);
    expect(isVisible(issue('listener.portRanges.1'), v)).toBe(true);
    expect(isVisible(issue('listener.portRanges.0.start'), v)).toBe(false);
  });
  it('does not confuse index 1 with index 10', () => {
    expect(pathsRelated('routing.members.1', 'routing.members.10.port')).toBe(false);
    expect(pathsRelated('routing.members.1', 'routing.members.1.port')).toBe(true);
  });
  it('shows every issue of a revealed step and none of the others', () => {
    const v = { touched: new Set<string>(), revealed: new Set<WizardStep>(['listener']) };
    expect(isVisible(issue('target.loadBalancerId'), v)).toBe(true);
    expect(isVisible(issue('listener.tags.3.key'), v)).toBe(true);
    expect(isVisible(issue('routing.members'), v)).toBe(false);
  });
  it('groups visible issues by path with errors first', () => {
    const v = { touched: new Set(['listener.name']), revealed: new Set<WizardStep>() };
    const map = visibleByPath([issue('listener.name', 'warning', 'w'), issue('listener.name', 'error', 'e'), issue('listener.port')], v);
    expect([...map.keys()]).toEqual(['listener.name']);
    expect(map.get('listener.name')?.map((i) => i.code)).toEqual(['e', 'w']);
  });
});

describe('focus targets', () => {
  it('tries the field, a row\'s first field, then ancestors, then the heading', () => {
    expect(focusCandidates('routing.members.3')).toEqual([
      'wf-routing-members-3',
      'wf-routing-members-3-start',
      'wf-routing-members-3-address',
      'wf-routing-members-3-key',
      'wf-routing-members',
      'wf-routing',
      STEP_HEADING_ID,
    ]);
  });
  it('resolves to the first id on the page', () => {
    const onPage = new Set(['wf-routing-members-3-address', 'wf-routing-members']);
    expect(resolveFocusTarget('routing.members.3', (id) => onPage.has(id))).toBe('wf-routing-members-3-address');
    expect(resolveFocusTarget('routing.members', (id) => onPage.has(id))).toBe('wf-routing-members');
    expect(resolveFocusTarget('listener.port', () => false)).toBe(STEP_HEADING_ID);
  });
  it('builds the error summary from errors only, each with its focus target', () => {
    const list = errorSummary([issue('listener.name', 'warning'), issue('listener.port'), issue('listener.tags.0.key')], (id) => id === 'wf-listener-port' || id === 'wf-listener-tags');
    expect(list.map((e) => [e.issue.path, e.targetId])).toEqual([
      ['listener.port', 'wf-listener-port'],
      ['listener.tags.0.key', 'wf-listener-tags'],
    ]);
  });
});

describe('describedBy', () => {
  it('joins the message id and help ids, skipping empties', () => {
    expect(describedBy('listener.port', true, 'help-1', null, false)).toBe('wf-listener-port-msg help-1');
    expect(describedBy('listener.port', false)).toBeUndefined();
    expect(describedBy('listener.port', false, 'h')).toBe('h');
  });
});

describe('placement of messages', () => {
  it('places every field path of step 1 and nothing else', async () => {
    const { placedOnListenerStep } = await import('./field-paths');
    for (const p of [
      'target.loadBalancerId',
      'listener.port',
      'listener.portMode',
      'listener.portRanges',
      'listener.portRanges.2',
      'listener.portRanges.2.end',
      'listener.accessControl.ipGroupId',
      'listener.maxNewConnections.value',
      'listener.maxConcurrentConnections',
      'listener.tags.4.key',
      'listener.description',
    ])
      expect(placedOnListenerStep(p), p).toBe(true);
    for (const p of ['listener.portRanges.x', 'listener.foo', 'routing.members', 'title']) expect(placedOnListenerStep(p), p).toBe(false);
  });
  it('places HTTP-only health check fields only when they are shown', async () => {
    const { placedOnRoutingStep } = await import('./field-paths');
    expect(placedOnRoutingStep('routing.healthCheck.path', { httpFields: false })).toBe(false);
    expect(placedOnRoutingStep('routing.healthCheck.path', { httpFields: true })).toBe(true);
    expect(placedOnRoutingStep('routing.members.12.weight', { httpFields: false })).toBe(true);
    expect(placedOnRoutingStep('routing.newPool.stickySession.enabled', { httpFields: false })).toBe(true);
    expect(placedOnRoutingStep('routing.newPool.slowStart', { httpFields: false })).toBe(false);
  });
  it('lists the unplaced issues', async () => {
    const { unplacedIssues, placedOnListenerStep } = await import('./field-paths');
    const out = unplacedIssues([issue('listener.port'), issue('listener.somethingNew')], placedOnListenerStep);
    expect(out.map((i) => i.path)).toEqual(['listener.somethingNew']);
  });
});

describe('fieldHelpers', () => {
  it('reads the state the getter returns at each call: messages, aria-describedby (messages first) and aria-invalid', () => {
    const issue = { path: 'listener.port', code: 'x', severity: 'error', message: 'bad' } as unknown as Issue;
    const withIssue = { messages: (p: string) => (p === 'listener.port' ? [issue] : []), invalid: (p: string) => p === 'listener.port' };
    const clean = { messages: () => [], invalid: () => false };
    let state: typeof withIssue | typeof clean = withIssue;
    const { m, desc, inv } = fieldHelpers(() => state);
    expect(m('listener.port')).toEqual([issue]);
    expect(desc('listener.port', 'help-1')).toBe('wf-listener-port-msg help-1');
    expect(inv('listener.port')).toBe(true);
    expect(inv('listener.name')).toBeUndefined();
    state = clean;
    expect(m('listener.port')).toEqual([]);
    expect(desc('listener.port', 'help-1')).toBe('help-1');
    expect(inv('listener.port')).toBeUndefined();
  });
});
