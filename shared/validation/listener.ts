/** Step 1 rules: every parameter of the seed's Table 1 (paths `listener.*`). */
import type { ConnectionLimit, ListenerConfig } from '../model/draft';
import type { Flavor } from '../model/inventory';
import { regionName } from '../model/regions';
import { checkRequiredInt, describeNamed, isIntIn } from './checks';
import { byId, findPortClash, nextFreePort, type ValidationContext } from './context';
import type { Issue } from './issue';
import { LABELS, LIMITS, formatNumber, makeIssue } from './rules';

/** Characters a tag key or value may not contain (elb-v3-api.md §4). */
export const TAG_FORBIDDEN_CHARS = ['=', '*', '<', '>', '\\', ',', '|', '/'] as const;
const TAG_FORBIDDEN = /[=*<>\\,|/]/;

function regionLabel(ctx: ValidationContext): string {
  const r = ctx.capabilities.region;
  return r ? `${regionName(r)} (${r})` : 'this region';
}

function checkPorts(out: Issue[], l: ListenerConfig, ctx: ValidationContext, lbId: string | null): void {
  if (l.portMode === 'single') {
    const ok = checkRequiredInt(out, l.port, { base: 'listener.port', path: 'listener.port', label: LABELS.port, ...LIMITS.port, plain: true });
    if (ok && lbId) {
      const port = l.port as number;
      const hit = findPortClash(ctx.listeners, lbId, port, port);
      if (hit) {
        const clash = hit.listener;
        const free = nextFreePort(ctx.listeners, lbId, port);
        const params: Record<string, string | number> = {
          port,
          listenerId: clash.id,
          listenerName: clash.name,
          listenerProtocol: clash.protocol,
        };
        if (free !== null) params.nextFreePort = free;
        out.push(
          makeIssue(
            'listener.port.clash',
            'listener.port',
            `${LABELS.port} ${port} is already used by the ${clash.protocol} listener ${describeNamed(clash)} on this load balancer ` +
              `(TCP, HTTP and HTTPS listeners cannot share a port). ` +
              (free !== null ? `Port ${free} is free.` : 'No port is free on this load balancer.'),
            params,
          ),
        );
      }
    }
    return;
  }

  // Port ranges
  if (!ctx.capabilities.portRanges) {
    out.push(
      makeIssue(
        'listener.portRanges.unsupported',
        'listener.portMode',
        `Listening on port ranges is not available in ${regionLabel(ctx)}. Use a single ${LABELS.port}.`,
        { region: ctx.capabilities.region },
      ),
    );
  }
  const ranges = l.portRanges;
  if (ranges.length < LIMITS.portRanges.min || ranges.length > LIMITS.portRanges.max) {
    out.push(
      makeIssue(
        'listener.portRanges.count',
        'listener.portRanges',
        `${LABELS.portRanges}: add from ${LIMITS.portRanges.min} to ${LIMITS.portRanges.max} ranges (now ${ranges.length}).`,
        { min: LIMITS.portRanges.min, max: LIMITS.portRanges.max, count: ranges.length },
      ),
    );
  }
  const valid: Array<{ index: number; start: number; end: number }> = [];
  ranges.forEach((r, i) => {
    let bothOk = true;
    for (const side of ['start', 'end'] as const) {
      const v = r[side];
      const path = `listener.portRanges.${i}.${side}`;
      const which = side === 'start' ? 'start port' : 'end port';
      if (v === null) {
        out.push(makeIssue('listener.portRanges.value.required', path, `${LABELS.portRanges}: range ${i + 1} needs a ${which}.`, { index: i }));
        bothOk = false;
      } else if (!isIntIn(v, LIMITS.port.min, LIMITS.port.max)) {
        out.push(
          makeIssue(
            'listener.portRanges.value.range',
            path,
            `${LABELS.portRanges}: the ${which} of range ${i + 1} must be a whole number from 1 to 65535.`,
            { index: i, min: LIMITS.port.min, max: LIMITS.port.max, value: v },
          ),
        );
        bothOk = false;
      }
    }
    if (!bothOk) return;
    const start = r.start as number;
    const end = r.end as number;
    if (start > end) {
      out.push(
        makeIssue(
          'listener.portRanges.order',
          `listener.portRanges.${i}.end`,
          `${LABELS.portRanges}: range ${i + 1} ends (${end}) before it starts (${start}).`,
          { index: i, start, end },
        ),
      );
      return;
    }
    valid.push({ index: i, start, end });
  });

  // Overlaps between the draft's own ranges: report on the later range, naming the earlier one.
  for (let a = 1; a < valid.length; a++) {
    const cur = valid[a]!;
    for (let b = 0; b < a; b++) {
      const prev = valid[b]!;
      if (cur.start <= prev.end && prev.start <= cur.end) {
        out.push(
          makeIssue(
            'listener.portRanges.overlap',
            `listener.portRanges.${cur.index}`,
            `${LABELS.portRanges}: range ${cur.index + 1} (${cur.start}–${cur.end}) overlaps range ${prev.index + 1} (${prev.start}–${prev.end}).`,
            { index: cur.index, otherIndex: prev.index },
          ),
        );
        break;
      }
    }
  }

  if (lbId) {
    for (const r of valid) {
      const hit = findPortClash(ctx.listeners, lbId, r.start, r.end);
      if (!hit) continue;
      const clash = hit.listener;
      const used = hit.start === hit.end ? `port ${hit.start}` : `ports ${hit.start}–${hit.end}`;
      out.push(
        makeIssue(
          'listener.portRanges.clash',
          `listener.portRanges.${r.index}`,
          `${LABELS.portRanges}: range ${r.index + 1} (${r.start}–${r.end}) overlaps ${used} of the ${clash.protocol} listener ` +
            `${describeNamed(clash)} on this load balancer.`,
          {
            index: r.index,
            start: r.start,
            end: r.end,
            listenerId: clash.id,
            listenerName: clash.name,
            listenerProtocol: clash.protocol,
            clashStart: hit.start,
            clashEnd: hit.end,
          },
        ),
      );
    }
  }
}

function flavorOf(ctx: ValidationContext): Flavor | undefined {
  const id = ctx.loadBalancer?.l4FlavorId;
  return id ? byId(ctx.flavors, id) : undefined;
}

function checkConnectionLimit(
  out: Issue[],
  limit: ConnectionLimit,
  field: 'maxNewConnections' | 'maxConcurrentConnections',
  ctx: ValidationContext,
): void {
  if (limit.mode !== 'limit') return;
  const label = LABELS[field];
  const path = `listener.${field}.value`;
  if (!ctx.capabilities.connectionLimits) {
    out.push(
      makeIssue(
        `listener.${field}.unsupported`,
        `listener.${field}.mode`,
        `${label}: connection limits are not available in ${regionLabel(ctx)}. Select Unlimited.`,
        { region: ctx.capabilities.region },
      ),
    );
  }
  const ok = checkRequiredInt(out, limit.value, { base: `listener.${field}`, path, label, ...LIMITS.connections });
  if (!ok) return;
  const flavor = flavorOf(ctx);
  const figure = flavor ? (field === 'maxNewConnections' ? flavor.cps : flavor.connection) : null;
  if (figure !== null && figure !== undefined && figure > 0 && (limit.value as number) > figure) {
    out.push(
      makeIssue(
        `listener.${field}.aboveFlavor`,
        path,
        `${label} ${formatNumber(limit.value as number)} is above the load balancer flavor's figure: the flavor's limit ${formatNumber(figure)} applies.`,
        { value: limit.value as number, flavorLimit: figure, flavorName: flavor?.name ?? '' },
      ),
    );
  }
}

function checkTags(out: Issue[], l: ListenerConfig): void {
  const tags = l.tags;
  if (tags.length > LIMITS.tags) {
    out.push(
      makeIssue('listener.tags.count', 'listener.tags', `${LABELS.tag}: a listener can have at most ${LIMITS.tags} tags (now ${tags.length}).`, {
        max: LIMITS.tags,
        count: tags.length,
      }),
    );
  }
  const seen = new Map<string, number>();
  tags.forEach((t, i) => {
    const kp = `listener.tags.${i}.key`;
    const vp = `listener.tags.${i}.value`;
    if (t.key.length === 0) {
      out.push(makeIssue('listener.tags.key.required', kp, `${LABELS.tagKey} is required (tag ${i + 1}).`, { index: i }));
    } else checkTagText(out, 'key', t.key, kp, i);
    if (t.key.length > 0) {
      const first = seen.get(t.key);
      if (first !== undefined) {
        out.push(
          makeIssue('listener.tags.key.duplicate', kp, `${LABELS.tagKey} "${t.key}" is already used by tag ${first + 1}; tag keys must be unique.`, {
            index: i,
            otherIndex: first,
            key: t.key,
          }),
        );
      } else seen.set(t.key, i);
    }
    checkTagText(out, 'value', t.value, vp, i);
  });
}

/** A tag key's or value's length limit and forbidden characters (an empty key is reported by the caller). */
function checkTagText(out: Issue[], part: 'key' | 'value', text: string, path: string, i: number): void {
  const label = part === 'key' ? LABELS.tagKey : LABELS.tagValue;
  const max = part === 'key' ? LIMITS.tagKey : LIMITS.tagValue;
  if (text.length > max) {
    out.push(makeIssue(`listener.tags.${part}.length`, path, `${label} can have at most ${max} characters (now ${text.length}).`, { index: i, max, length: text.length }));
  }
  if (TAG_FORBIDDEN.test(text)) {
    out.push(makeIssue(`listener.tags.${part}.chars`, path, `${label} cannot contain = * < > \\ , | or /.`, { index: i }));
  }
}

function checkAccessControl(out: Issue[], l: ListenerConfig, ctx: ValidationContext, cacheKnown: boolean): void {
  const { mode, ipGroupId } = l.accessControl;
  if (mode === 'all') return;
  const path = 'listener.accessControl.ipGroupId';
  const list = mode === 'whitelist' ? 'Whitelist' : 'Blacklist';
  if (!ipGroupId) {
    out.push(makeIssue('listener.accessControl.ipGroup.required', path, `${LABELS.accessControl}: choose an IP address group for the ${list.toLowerCase()}.`, { mode }));
    return;
  }
  const group = byId(ctx.ipGroups, ipGroupId);
  if (!group) {
    out.push(
      makeIssue(
        'listener.accessControl.ipGroup.unknown',
        path,
        cacheKnown
          ? `${LABELS.accessControl}: IP address group ${ipGroupId} is not in the cached inventory; it may have been deleted. Sync to check.`
          : `${LABELS.accessControl}: IP address group ${ipGroupId} cannot be checked offline; the API decides whether it exists.`,
        { ipGroupId },
      ),
    );
    return;
  }
  if (group.entries.length === 0) {
    if (mode === 'whitelist') {
      out.push(
        makeIssue(
          'listener.accessControl.whitelist.empty',
          path,
          `${LABELS.accessControl}: IP address group ${describeNamed(group)} is empty, so a whitelist with it blocks every client.`,
          { ipGroupId, ipGroupName: group.name },
        ),
      );
    } else {
      out.push(
        makeIssue(
          'listener.accessControl.blacklist.empty',
          path,
          `${LABELS.accessControl}: IP address group ${describeNamed(group)} is empty, so a blacklist with it allows every client.`,
          { ipGroupId, ipGroupName: group.name },
        ),
      );
    }
  }
}

function checkClientIpOptions(out: Issue[], l: ListenerConfig, ctx: ValidationContext): void {
  if (l.nat64 && !ctx.capabilities.nat64) {
    out.push(makeIssue('listener.nat64.unsupported', 'listener.nat64', `${LABELS.nat64} is not available in ${regionLabel(ctx)}. Turn it off.`, { region: ctx.capabilities.region }));
  }
  if (l.proxyProtocol && !ctx.capabilities.proxyProtocol) {
    out.push(
      makeIssue('listener.proxyProtocol.unsupported', 'listener.proxyProtocol', `${LABELS.proxyProtocol} is not available in ${regionLabel(ctx)}. Turn it off.`, {
        region: ctx.capabilities.region,
      }),
    );
  }
  if (l.nat64 && l.transparentClientIp) {
    out.push(
      makeIssue(
        'listener.nat64.transparentClientIp',
        'listener.nat64',
        `${LABELS.nat64} and ${LABELS.transparentClientIp} cannot both be enabled. Turn one of them off.`,
      ),
    );
  }
  if (l.nat64) {
    out.push(
      makeIssue(
        'listener.nat64.notice',
        'listener.nat64',
        `${LABELS.nat64}: enabling or disabling it disconnects existing persistent connections (clients can retry), and client IP addresses ` +
          `are not passed to backend servers — install the TOA plug-in to obtain them.`,
      ),
    );
  }
  if (l.proxyProtocol) {
    out.push(
      makeIssue(
        'listener.proxyProtocol.notice',
        'listener.proxyProtocol',
        `${LABELS.proxyProtocol}: ensure the backend servers support ProxyProtocol. If they do not, services may be interrupted.`,
      ),
    );
  }
}

/**
 * Listener rules. `lbId` is the target LB (clash checks are skipped without one); `cacheKnown` says whether
 * the context holds a real inventory (changes the wording of "not in the cache" warnings).
 */
export function listenerIssues(l: ListenerConfig, ctx: ValidationContext, lbId: string | null, cacheKnown: boolean): Issue[] {
  const out: Issue[] = [];
  if ((l.protocol as string) !== 'TCP') {
    out.push(makeIssue('listener.protocol.tcpOnly', 'listener.protocol', `${LABELS.protocol} must be TCP.`, { value: String(l.protocol) }));
  }
  checkPorts(out, l, ctx, lbId);

  if (l.name.length > LIMITS.name) {
    out.push(makeIssue('listener.name.length', 'listener.name', `${LABELS.name} can have at most ${LIMITS.name} characters (now ${l.name.length}).`, { max: LIMITS.name, length: l.name.length }));
  } else if (l.name.trim().length === 0) {
    out.push(makeIssue('listener.name.empty', 'listener.name', `${LABELS.name} is empty: the console cannot open listeners without a name.`));
  }

  checkClientIpOptions(out, l, ctx);
  checkAccessControl(out, l, ctx, cacheKnown);

  checkRequiredInt(out, l.idleTimeout, { base: 'listener.idleTimeout', path: 'listener.idleTimeout', label: LABELS.idleTimeout, ...LIMITS.idleTimeout });
  checkConnectionLimit(out, l.maxNewConnections, 'maxNewConnections', ctx);
  checkConnectionLimit(out, l.maxConcurrentConnections, 'maxConcurrentConnections', ctx);
  checkTags(out, l);

  if (l.description.length > LIMITS.description) {
    out.push(
      makeIssue('listener.description.length', 'listener.description', `${LABELS.description} can have at most ${LIMITS.description} characters (now ${l.description.length}).`, {
        max: LIMITS.description,
        length: l.description.length,
      }),
    );
  }
  if (/[<>]/.test(l.description)) {
    out.push(makeIssue('listener.description.chars', 'listener.description', `${LABELS.description} cannot contain < or >.`));
  }
  return out;
}
