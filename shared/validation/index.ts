/** The validation library: every rule of the Add TCP Listener wizard, shared by the renderer and the core. */
export type { Issue, Severity } from './issue';
export { hasErrors } from './issue';
export { RULES, LIMITS, LABELS, ruleFor, makeIssue, formatNumber, type RuleInfo, type RuleCode } from './rules';
export {
  buildContext,
  completeContext,
  nextFreePort,
  findPortClash,
  TCP_PORT_FAMILY,
  type PortClash,
  type ValidationContext,
} from './context';
export { validateDraft, validateListener, validateRouting, issuesForStep, healthCheckTiming } from './validate';
export { parseMemberAddress, type ParsedAddress } from './routing';
export { TAG_FORBIDDEN_CHARS } from './listener';
