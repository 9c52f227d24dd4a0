/** Step 2 rules: the backend server group (Table 3), its servers and its health check (Table 4). Paths `routing.*`. */
import { newPoolForwardsAllPorts } from '../model/all-port';
import { HEALTH_CHECK_TYPES, HTTP_METHODS, LB_ALGORITHMS } from '../model/draft-values';
import type { HealthCheckDraft, ListenerConfig, MemberDraft, NewPool, Routing } from '../model/draft';
import { checkRequiredInt, describeNamed, isIntIn } from './checks';
import { byId, type ValidationContext } from './context';
import type { Issue } from './issue';
import { parseMemberAddress } from './member-address';
import { LABELS, LIMITS, makeIssue } from './rules';

export { parseMemberAddress, type ParsedAddress } from './member-address';

function checkExisting(out: Issue[], r: Routing, ctx: ValidationContext, lbId: string | null, cacheKnown: boolean, portMode: PortMode): void {
  const path = 'routing.existingPoolId';
  if (!r.existingPoolId) {
    out.push(makeIssue('routing.existingPoolId.required', path, `${LABELS.pool}: choose an existing backend server group, or create a new one.`));
    return;
  }
  const pool = byId(ctx.pools, r.existingPoolId);
  if (!pool) {
    out.push(
      makeIssue(
        'routing.existingPool.unknown',
        path,
        cacheKnown
          ? `${LABELS.pool} ${r.existingPoolId} is not in the cached inventory; it may have been deleted. Sync to check.`
          : `${LABELS.pool} ${r.existingPoolId} cannot be checked offline; the API decides whether it exists.`,
        { poolId: r.existingPoolId },
      ),
    );
    return;
  }
  if (pool.protocol.toUpperCase() !== 'TCP') {
    out.push(
      makeIssue(
        'routing.existingPool.protocol',
        path,
        `${LABELS.pool} ${describeNamed(pool)} uses ${pool.protocol}; a TCP listener needs a group whose ${LABELS.backendProtocol} is TCP.`,
        { poolId: pool.id, poolName: pool.name, protocol: pool.protocol },
      ),
    );
  }
  if (lbId && !pool.loadBalancerIds.includes(lbId)) {
    out.push(
      makeIssue(
        'routing.existingPool.loadBalancer',
        path,
        `${LABELS.pool} ${describeNamed(pool)} belongs to another load balancer; choose a group of this load balancer.`,
        { poolId: pool.id, poolName: pool.name, loadBalancerId: lbId },
      ),
    );
  }
  if (portMode === 'ranges' && !pool.anyPortEnable) {
    out.push(
      makeIssue(
        'routing.existingPool.allPortRequired',
        path,
        `${LABELS.pool} ${describeNamed(pool)} does not forward all ports; a listener on port ranges needs a group with all-port forwarding. ` +
          `Choose such a group, or create a new one (it gets all-port forwarding).`,
        { poolId: pool.id, poolName: pool.name },
      ),
    );
  }
}

function checkNewPool(out: Issue[], p: NewPool): void {
  if (p.name.length > LIMITS.name) {
    out.push(
      makeIssue('routing.newPool.name.length', 'routing.newPool.name', `${LABELS.poolName} can have at most ${LIMITS.name} characters (now ${p.name.length}).`, {
        max: LIMITS.name,
        length: p.name.length,
      }),
    );
  }
  const algorithmOk = (LB_ALGORITHMS as readonly string[]).includes(p.algorithm);
  if (!algorithmOk) {
    out.push(
      makeIssue(
        'routing.newPool.algorithm.invalid',
        'routing.newPool.algorithm',
        `${LABELS.algorithm} must be Weighted round robin, Weighted least connections or Source IP hash.`,
        { value: String(p.algorithm) },
      ),
    );
  }
  if (p.stickySession.enabled) {
    if (p.algorithm === 'SOURCE_IP') {
      out.push(
        makeIssue(
          'routing.newPool.stickySession.algorithm',
          'routing.newPool.stickySession.enabled',
          `${LABELS.stickySession} is only available with Weighted round robin or Weighted least connections, not Source IP hash.`,
          { algorithm: p.algorithm },
        ),
      );
    }
    checkRequiredInt(out, p.stickySession.timeoutMinutes, {
      base: 'routing.newPool.stickySession.timeout',
      path: 'routing.newPool.stickySession.timeoutMinutes',
      label: LABELS.stickyDuration,
      ...LIMITS.stickyMinutes,
    });
  }
  if (p.connectionDrain.enabled) {
    checkRequiredInt(out, p.connectionDrain.timeoutSeconds, {
      base: 'routing.newPool.connectionDrain.timeout',
      path: 'routing.newPool.connectionDrain.timeoutSeconds',
      label: LABELS.drainTimeout,
      ...LIMITS.drainSeconds,
    });
  }
  if (p.description.length > LIMITS.description) {
    out.push(
      makeIssue(
        'routing.newPool.description.length',
        'routing.newPool.description',
        `${LABELS.poolDescription} can have at most ${LIMITS.description} characters (now ${p.description.length}).`,
        { max: LIMITS.description, length: p.description.length },
      ),
    );
  }
}

/**
 * The servers of a new group. With all-port forwarding (`allPorts`) the port is not used (the API ignores it), so
 * it is neither required nor checked, and an address may appear only once.
 */
function checkMembers(out: Issue[], members: readonly MemberDraft[], ctx: ValidationContext, allPorts: boolean): void {
  if (members.length === 0) {
    out.push(makeIssue('routing.members.none', 'routing.members', `${LABELS.members}: none added, so the group will have no servers and receive no traffic.`));
    return;
  }
  if (members.length > LIMITS.members) {
    out.push(
      makeIssue('routing.members.count', 'routing.members', `${LABELS.members}: at most ${LIMITS.members} servers can be added in one go (now ${members.length}).`, {
        max: LIMITS.members,
        count: members.length,
      }),
    );
  }
  const lb = ctx.loadBalancer;
  const seen = new Map<string, number>();
  let allZero = true;
  members.forEach((m, i) => {
    const base = `routing.members.${i}`;
    if (m.name.length > LIMITS.memberName) {
      out.push(
        makeIssue('routing.members.name.length', `${base}.name`, `${LABELS.memberName} can have at most ${LIMITS.memberName} characters (server ${i + 1}).`, {
          index: i,
          max: LIMITS.memberName,
          length: m.name.length,
        }),
      );
    }
    const parsed = parseMemberAddress(m.address);
    if (!parsed.ok) {
      if (parsed.reason === 'empty') {
        out.push(makeIssue('routing.members.address.required', `${base}.address`, `${LABELS.memberAddress} is required (server ${i + 1}).`, { index: i }));
      } else if (parsed.reason === 'cidr') {
        out.push(
          makeIssue(
            'routing.members.address.cidr',
            `${base}.address`,
            `${LABELS.memberAddress} "${m.address}" is a CIDR block; enter a single IPv4 or IPv6 address.`,
            { index: i, value: m.address },
          ),
        );
      } else {
        out.push(
          makeIssue('routing.members.address.invalid', `${base}.address`, `${LABELS.memberAddress} "${m.address}" is not a valid IPv4 or IPv6 address.`, {
            index: i,
            value: m.address,
          }),
        );
      }
    } else if (!m.subnetId) {
      // IP as a backend server (no subnet): needs the LB switch and a private IPv4 address.
      if (lb && !lb.ipTargetEnable) {
        out.push(
          makeIssue(
            'routing.members.ipBackend.notEnabled',
            `${base}.address`,
            `${LABELS.memberAddress} ${m.address} has no subnet, so it is an IP as backend server; load balancer ${describeNamed(lb)} ` +
              `does not have IP as a Backend enabled, so the API will refuse it. Pick the server under "Server seen in the cached data" (which knows its subnet) or import it from a CSV file with its subnet, or turn on IP as a Backend for the load balancer and sync.`,
            { index: i, loadBalancerId: lb.id },
          ),
        );
      }
      if (!parsed.privateIpv4) {
        out.push(
          makeIssue(
            'routing.members.ipBackend.notPrivateIpv4',
            `${base}.address`,
            `${LABELS.memberAddress} ${m.address}: IP as backend servers must have private IPv4 addresses.`,
            { index: i, value: m.address },
          ),
        );
      }
    }
    const portOk = allPorts || checkRequiredInt(out, m.port, { base: 'routing.members.port', path: `${base}.port`, label: LABELS.memberPort, ...LIMITS.port, plain: true });
    const weightOk = checkRequiredInt(out, m.weight, { base: 'routing.members.weight', path: `${base}.weight`, label: LABELS.weight, ...LIMITS.weight });
    if (!weightOk || m.weight !== 0) allZero = false;
    if (parsed.ok && portOk) {
      const key = allPorts ? parsed.normalized : `${parsed.normalized}|${m.port}`;
      const first = seen.get(key);
      if (first !== undefined && allPorts) {
        out.push(
          makeIssue(
            'routing.members.duplicateAllPorts',
            `${base}.address`,
            `${LABELS.memberAddress} ${m.address} is already server ${first + 1}; the group forwards all ports, so each address can appear only once.`,
            { index: i, otherIndex: first, address: m.address },
          ),
        );
      } else if (first !== undefined) {
        out.push(
          makeIssue(
            'routing.members.duplicate',
            `${base}.address`,
            `${LABELS.memberAddress} ${m.address} with port ${m.port} is already server ${first + 1}; each address and port can appear only once.`,
            { index: i, otherIndex: first, address: m.address, port: m.port as number },
          ),
        );
      } else seen.set(key, i);
    }
  });
  if (allZero) {
    out.push(makeIssue('routing.members.allWeightsZero', 'routing.members', `${LABELS.weight}: every server has weight 0, so no server will receive new connections.`));
  }
}

/**
 * The backend-server rules alone (paths `routing.members.*`), e.g. for rows about to be imported. `allPorts`: the
 * group forwards all ports (servers take no port; an address may appear once).
 */
export function membersIssues(members: readonly MemberDraft[], ctx: ValidationContext, allPorts = false): Issue[] {
  const out: Issue[] = [];
  checkMembers(out, members, ctx, allPorts);
  return out;
}

const PATH_CHARS = /^[A-Za-z0-9\-/.%?#&_;~!()*[\]@$^:',+]*$/;
const DOMAIN = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;
const CODES_SINGLE_OR_LIST = /^\d{3}(,\d{3})*$/;
const CODES_RANGE = /^(\d{3})-(\d{3})$/;

function checkExpectedCodes(out: Issue[], codes: string): void {
  const path = 'routing.healthCheck.expectedCodes';
  const range = CODES_RANGE.exec(codes);
  let values: number[];
  if (range) values = [Number(range[1]), Number(range[2])];
  else if (CODES_SINGLE_OR_LIST.test(codes)) values = codes.split(',').map(Number);
  else {
    out.push(
      makeIssue('routing.healthCheck.expectedCodes.format', path, `${LABELS.expectedCodes} must be a single code (200), a list (200,202) or a range (200-204).`, {
        value: codes,
      }),
    );
    return;
  }
  const bad = values.find((v) => v < LIMITS.statusCode.min || v > LIMITS.statusCode.max);
  if (bad !== undefined) {
    out.push(
      makeIssue('routing.healthCheck.expectedCodes.range', path, `${LABELS.expectedCodes} ${bad} is out of range: each code must be from 200 to 599.`, {
        value: bad,
        min: LIMITS.statusCode.min,
        max: LIMITS.statusCode.max,
      }),
    );
    return;
  }
  if (range && values[0]! > values[1]!) {
    out.push(
      makeIssue('routing.healthCheck.expectedCodes.order', path, `${LABELS.expectedCodes} range ${codes} starts above its end.`, {
        start: values[0]!,
        end: values[1]!,
      }),
    );
  }
}

function checkHealthCheck(out: Issue[], hc: HealthCheckDraft, allPorts: boolean): void {
  if (!hc.enabled) return;
  const p = 'routing.healthCheck';
  if (!(HEALTH_CHECK_TYPES as readonly string[]).includes(hc.type)) {
    out.push(makeIssue('routing.healthCheck.type.invalid', `${p}.type`, `${LABELS.hcProtocol} must be TCP, HTTP or HTTPS.`, { value: String(hc.type) }));
  }
  if (allPorts && hc.port === null) {
    out.push(
      makeIssue(
        'routing.healthCheck.port.required',
        `${p}.port`,
        `${LABELS.hcPort} is required: the group forwards all ports, so its servers have no port of their own to check. Enter a port from 1 to 65535.`,
        { min: LIMITS.port.min, max: LIMITS.port.max },
      ),
    );
  } else if (hc.port !== null && !isIntIn(hc.port, LIMITS.port.min, LIMITS.port.max)) {
    out.push(
      makeIssue('routing.healthCheck.port.range', `${p}.port`, `${LABELS.hcPort} must be empty (each server's port) or a whole number from 1 to 65535.`, {
        min: LIMITS.port.min,
        max: LIMITS.port.max,
        value: hc.port,
      }),
    );
  }
  const intervalOk = checkRequiredInt(out, hc.interval, { base: `${p}.interval`, path: `${p}.interval`, label: LABELS.interval, ...LIMITS.interval });
  const timeoutOk = checkRequiredInt(out, hc.timeout, { base: `${p}.timeout`, path: `${p}.timeout`, label: LABELS.timeout, ...LIMITS.timeout });
  if (intervalOk && timeoutOk && (hc.timeout as number) >= (hc.interval as number)) {
    out.push(
      makeIssue(
        'routing.healthCheck.timeout.notBelowInterval',
        `${p}.timeout`,
        `${LABELS.timeout} (${hc.timeout}) must be shorter than ${LABELS.interval} (${hc.interval}).`,
        { timeout: hc.timeout as number, interval: hc.interval as number },
      ),
    );
  }
  checkRequiredInt(out, hc.healthyThreshold, { base: `${p}.healthyThreshold`, path: `${p}.healthyThreshold`, label: LABELS.healthyThreshold, ...LIMITS.threshold });
  checkRequiredInt(out, hc.unhealthyThreshold, {
    base: `${p}.unhealthyThreshold`,
    path: `${p}.unhealthyThreshold`,
    label: LABELS.unhealthyThreshold,
    ...LIMITS.threshold,
  });

  // HTTP-only fields: ignored (never an error) for a TCP check.
  if (hc.type !== 'HTTP' && hc.type !== 'HTTPS') return;
  if (!hc.path.startsWith('/')) {
    out.push(makeIssue('routing.healthCheck.path.format', `${p}.path`, `${LABELS.path} must start with /.`, { value: hc.path }));
  }
  if (hc.path.length > LIMITS.path) {
    out.push(
      makeIssue('routing.healthCheck.path.length', `${p}.path`, `${LABELS.path} can have at most ${LIMITS.path} characters (now ${hc.path.length}).`, {
        max: LIMITS.path,
        length: hc.path.length,
      }),
    );
  }
  if (!PATH_CHARS.test(hc.path)) {
    out.push(
      makeIssue(
        'routing.healthCheck.path.chars',
        `${p}.path`,
        `${LABELS.path} can contain only letters, digits and - / . % ? # & _ ; ~ ! ( ) * [ ] @ $ ^ : ' , +`,
        { value: hc.path },
      ),
    );
  }
  checkExpectedCodes(out, hc.expectedCodes);
  if (hc.domainName.length > 0) {
    if (hc.domainName.length > LIMITS.domainName) {
      out.push(
        makeIssue(
          'routing.healthCheck.domainName.length',
          `${p}.domainName`,
          `${LABELS.domainName} can have at most ${LIMITS.domainName} characters (now ${hc.domainName.length}).`,
          { max: LIMITS.domainName, length: hc.domainName.length },
        ),
      );
    }
    if (!DOMAIN.test(hc.domainName)) {
      out.push(
        makeIssue(
          'routing.healthCheck.domainName.format',
          `${p}.domainName`,
          `${LABELS.domainName} can contain only letters, digits, - and ., and must start with a letter or digit.`,
          { value: hc.domainName },
        ),
      );
    }
  }
  if (!(HTTP_METHODS as readonly string[]).includes(hc.httpMethod)) {
    out.push(makeIssue('routing.healthCheck.httpMethod.invalid', `${p}.httpMethod`, `${LABELS.httpMethod} must be GET, HEAD or POST.`, { value: String(hc.httpMethod) }));
  }
}

/** The listener's port mode, which decides all-port forwarding. */
export type PortMode = ListenerConfig['portMode'];

/**
 * Routing rules (paths `routing.*`): only the branch the draft uses is checked. `portMode` is the listener's:
 * with port ranges an existing group must forward all ports, and a new group does (see `newPoolForwardsAllPorts`).
 */
export function routingIssues(r: Routing, ctx: ValidationContext, lbId: string | null, cacheKnown: boolean, portMode: PortMode = 'single'): Issue[] {
  const out: Issue[] = [];
  if (r.mode === 'existing') {
    checkExisting(out, r, ctx, lbId, cacheKnown, portMode);
    return out;
  }
  const allPorts = newPoolForwardsAllPorts({ listener: { portMode }, routing: r });
  checkNewPool(out, r.newPool);
  checkMembers(out, r.members, ctx, allPorts);
  checkHealthCheck(out, r.healthCheck, allPorts);
  return out;
}
