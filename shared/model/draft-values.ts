/**
 * The draft's constants and defaults, without zod, so the renderer can use them without bundling the schema library.
 * The schemas in ./draft.ts are built from these constants and re-export them.
 */
import type { DraftContent, DraftTarget, ListenerConfig, Routing } from './draft';

/** Hard caps on payload sizes (anti-abuse, not business rules; business limits live in validation). */
export const CAPS = {
  shortText: 1024,
  longText: 4096,
  id: 128,
  portRanges: 32,
  tags: 64,
  members: 500,
} as const;

export const ACCESS_CONTROL_MODES = ['all', 'whitelist', 'blacklist'] as const;

export const LB_ALGORITHMS = ['ROUND_ROBIN', 'LEAST_CONNECTIONS', 'SOURCE_IP'] as const;

export const HEALTH_CHECK_TYPES = ['TCP', 'HTTP', 'HTTPS'] as const;

export const HTTP_METHODS = ['GET', 'HEAD', 'POST'] as const;

export const WIZARD_STEPS = ['listener', 'routing', 'confirm'] as const;

/**
 * What a draft does when submitted: `create` a listener (the wizard; also a clone, which is a create draft made from
 * a listener), `edit` an existing listener, or `delete` listeners. Drafts stored before kinds existed have none and
 * are create drafts.
 */
export const DRAFT_KINDS = ['create', 'edit', 'delete'] as const;

/** The kind of a draft (drafts stored before kinds existed are create drafts). */
export function draftKind(content: { kind?: (typeof DRAFT_KINDS)[number] | undefined }): (typeof DRAFT_KINDS)[number] {
  return content.kind ?? 'create';
}

export const DRAFT_STATUSES = ['draft', 'ready', 'submitting', 'submitted', 'failed', 'needs_attention'] as const;

/** The defaults the console uses (seed Table 1, routing reference). */
export function defaultListenerConfig(): ListenerConfig {
  return {
    protocol: 'TCP',
    portMode: 'single',
    port: null,
    portRanges: [{ start: null, end: null }],
    name: '',
    nat64: false,
    transparentClientIp: true,
    proxyProtocol: false,
    accessControl: { mode: 'all', ipGroupId: null },
    idleTimeout: 300,
    maxNewConnections: { mode: 'unlimited', value: null },
    maxConcurrentConnections: { mode: 'unlimited', value: null },
    tags: [],
    description: '',
  };
}

export function defaultRouting(): Routing {
  return {
    mode: 'existing',
    existingPoolId: null,
    newPool: {
      name: '',
      algorithm: 'ROUND_ROBIN',
      stickySession: { enabled: false, timeoutMinutes: 20 },
      connectionDrain: { enabled: false, timeoutSeconds: 300 },
      description: '',
    },
    members: [],
    healthCheck: {
      enabled: true,
      type: 'TCP',
      port: null,
      interval: 5,
      timeout: 3,
      healthyThreshold: 3,
      unhealthyThreshold: 3,
      domainName: '',
      path: '/',
      expectedCodes: '200',
      httpMethod: 'GET',
    },
  };
}

export function defaultDraftContent(target: Partial<DraftTarget> = {}, title = ''): DraftContent {
  return {
    title,
    target: { accountId: target.accountId ?? null, region: target.region ?? null, loadBalancerId: target.loadBalancerId ?? null },
    step: 'listener',
    listener: defaultListenerConfig(),
    routing: defaultRouting(),
  };
}
