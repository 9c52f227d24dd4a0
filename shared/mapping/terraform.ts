/**
 * Draft → Terraform HCL for the huaweicloud provider: `huaweicloud_elb_pool`, one `huaweicloud_elb_member` per server,
 * `huaweicloud_elb_monitor` and `huaweicloud_elb_listener` (argument names from the provider's docs; elb-v3-api.md §12).
 * Every argument written is listed, with the provider doc and commit it comes from, in terraform-provider-args.json
 * (terraform-hcl.test.ts parses the output with HashiCorp's HCL parser and checks it against that list).
 * Where the provider's documented behaviour differs from the API's, the value is kept and a comment says so.
 * Output is laid out the way `terraform fmt` would (aligned `=` in runs of attributes).
 */
import { newPoolForwardsAllPorts } from '../model/all-port';
import type { DraftContent } from '../model/draft';

/**
 * The oldest provider release with `nat64_enable` and `transparent_client_ip_enable` on `huaweicloud_elb_listener`
 * (provider PR #9393; see terraform-provider-args.json).
 */
export const MIN_PROVIDER_VERSION = '1.91.0';

/** Options of {@link toTerraform}. */
export interface TerraformOptions {
  /** Provider region; null → a `region` variable. */
  region: string | null;
}

/** A draft as the exporter needs it; `title` is only used in the header comment. */
export type TerraformDraft = DraftContent & { id?: string };

/**
 * Quotes a string for HCL: escapes `\`, `"`, control characters, and the template sequences `${` and `%{`
 * (written `$${` and `%%{`), so the value is taken literally.
 */
export function hclString(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  out = out.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
  return `"${out}"`;
}

// ---------------------------------------------------------------------------------------------------------------
// A tiny HCL document model

/** A raw HCL expression (reference, number, boolean). */
interface Raw {
  raw: string;
}
/** A map of string values; `bareKeys` writes the keys as identifiers instead of quoted strings. */
interface MapValue {
  map: Array<[string, string]>;
  bareKeys?: boolean;
}
type Value = string | number | boolean | Raw | MapValue;
type Item =
  | { kind: 'attr'; key: string; value: Value }
  | { kind: 'block'; type: string; labels: string[]; body: Item[] }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' };

const attr = (key: string, value: Value): Item => ({ kind: 'attr', key, value });
const block = (type: string, labels: string[], body: Item[]): Item => ({ kind: 'block', type, labels, body });
const comment = (text: string): Item => ({ kind: 'comment', text });
const blank: Item = { kind: 'blank' };
const ref = (raw: string): Raw => ({ raw });

/** One line of comment text: no line breaks. */
function commentText(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

function renderValue(v: Value, indent: string): string {
  if (typeof v === 'string') return hclString(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if ('raw' in v) return v.raw;
  if (v.map.length === 0) return '{}';
  const keys = v.map.map(([k]) => (v.bareKeys ? k : hclString(k)));
  const width = Math.max(...keys.map((k) => k.length));
  const inner = indent + '  ';
  const lines = v.map.map(([, val], i) => `${inner}${keys[i]!.padEnd(width)} = ${hclString(val)}`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function render(items: Item[], indent = ''): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < items.length) {
    const item = items[i]!;
    if (item.kind === 'attr') {
      // A run of attributes: align their `=` like terraform fmt (a multi-line value ends the run).
      const run: Array<{ key: string; value: Value }> = [];
      while (i < items.length && items[i]!.kind === 'attr') {
        const a = items[i] as { kind: 'attr'; key: string; value: Value };
        run.push(a);
        i++;
        if (typeof a.value === 'object' && 'map' in a.value && a.value.map.length > 0) break;
      }
      const width = Math.max(...run.map((a) => a.key.length));
      for (const a of run) lines.push(`${indent}${a.key.padEnd(width)} = ${renderValue(a.value, indent)}`);
      continue;
    }
    if (item.kind === 'block') {
      const labels = item.labels.map((l) => ` ${hclString(l)}`).join('');
      lines.push(`${indent}${item.type}${labels} {`);
      lines.push(...render(item.body, indent + '  '));
      lines.push(`${indent}}`);
    } else if (item.kind === 'comment') {
      lines.push(`${indent}# ${commentText(item.text)}`);
    } else {
      lines.push('');
    }
    i++;
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------

const POOL = 'huaweicloud_elb_pool.this.id';

function poolItems(d: TerraformDraft, lb: Value): Item[] {
  const p = d.routing.newPool;
  const body: Item[] = [];
  if (p.name) body.push(attr('name', p.name));
  body.push(attr('protocol', 'TCP'), attr('lb_method', p.algorithm), attr('loadbalancer_id', lb));
  if (p.description) body.push(attr('description', p.description));
  if (newPoolForwardsAllPorts(d)) {
    body.push(attr('any_port_enable', true));
    body.push(comment('All-port forwarding: each request goes to the backend port equal to the listener port it came in on.'));
  }
  if (p.stickySession.enabled) {
    const persistence: Item[] = [attr('type', 'SOURCE_IP')];
    if (p.stickySession.timeoutMinutes !== null) persistence.push(attr('timeout', p.stickySession.timeoutMinutes));
    body.push(blank, block('persistence', [], persistence));
  }
  if (p.connectionDrain.enabled) {
    body.push(blank, attr('connection_drain_enabled', true));
    if (p.connectionDrain.timeoutSeconds !== null) body.push(attr('connection_drain_timeout', p.connectionDrain.timeoutSeconds));
  }
  return [block('resource', ['huaweicloud_elb_pool', 'this'], body)];
}

function memberItems(d: TerraformDraft): Item[] {
  const items: Item[] = [];
  const allPorts = newPoolForwardsAllPorts(d);
  d.routing.members.forEach((m, i) => {
    const body: Item[] = [attr('pool_id', ref(POOL)), attr('address', m.address)];
    if (m.port !== null && !allPorts) body.push(attr('protocol_port', m.port));
    if (m.weight !== null) body.push(attr('weight', m.weight));
    if (m.name) body.push(attr('name', m.name));
    if (m.subnetId) body.push(attr('subnet_id', m.subnetId));
    else body.push(comment('No subnet_id: an IP as backend server (the load balancer needs IP as a Backend enabled).'));
    if (allPorts) {
      const typed = m.port !== null ? ` (${m.port} in ELB Desk)` : '';
      body.push(
        comment(`No protocol_port${typed}: the group forwards all ports (any_port_enable = true), so the API ignores the`),
        comment('backend port; the provider docs say protocol_port can be left blank then.'),
      );
    }
    if (m.weight === 0) {
      body.push(
        comment('Weight 0 (no new connections) is kept, but the provider leaves a weight of 0 out of the create request,'),
        comment('so the API applies its default weight 1: after apply, set the weight to 0 in the console or with the API.'),
      );
    }
    items.push(blank, block('resource', ['huaweicloud_elb_member', `server_${i + 1}`], body));
  });
  return items;
}

function monitorItems(d: TerraformDraft): Item[] {
  const hc = d.routing.healthCheck;
  const body: Item[] = [attr('pool_id', ref(POOL)), attr('protocol', hc.type)];
  if (hc.interval !== null) body.push(attr('interval', hc.interval));
  if (hc.timeout !== null) body.push(attr('timeout', hc.timeout));
  if (hc.healthyThreshold !== null) body.push(attr('max_retries', hc.healthyThreshold));
  if (hc.unhealthyThreshold !== null) body.push(attr('max_retries_down', hc.unhealthyThreshold));
  if (hc.port !== null) body.push(attr('port', hc.port));
  if (hc.type === 'HTTP' || hc.type === 'HTTPS') {
    body.push(attr('url_path', hc.path), attr('status_code', hc.expectedCodes), attr('http_method', hc.httpMethod));
    if (hc.domainName) body.push(attr('domain_name', hc.domainName));
  }
  if (hc.port === null && newPoolForwardsAllPorts(d)) {
    body.push(comment('No port: the API requires a health check port when the group forwards all ports. Set it before applying.'));
  }
  return [blank, block('resource', ['huaweicloud_elb_monitor', 'this'], body)];
}

function listenerItems(d: TerraformDraft, lb: Value): Item[] {
  const l = d.listener;
  const body: Item[] = [];
  if (l.name) body.push(attr('name', l.name));
  if (l.description) body.push(attr('description', l.description));
  body.push(attr('protocol', 'TCP'));
  if (l.portMode === 'single') {
    if (l.port !== null) body.push(attr('protocol_port', l.port));
  } else {
    body.push(attr('protocol_port', 0));
  }
  body.push(attr('loadbalancer_id', lb));
  if (d.routing.mode === 'new') body.push(attr('default_pool_id', ref(POOL)));
  else if (d.routing.existingPoolId) body.push(attr('default_pool_id', d.routing.existingPoolId));
  if (l.idleTimeout !== null) body.push(attr('idle_timeout', l.idleTimeout));
  if (l.maxNewConnections.mode === 'limit' && l.maxNewConnections.value !== null) body.push(attr('cps', l.maxNewConnections.value));
  if (l.maxConcurrentConnections.mode === 'limit' && l.maxConcurrentConnections.value !== null) {
    body.push(attr('max_connection', l.maxConcurrentConnections.value));
  }
  if (l.proxyProtocol) body.push(attr('proxy_protocol_enable', true));
  // The provider takes these two as the strings "true"/"false" (provider 1.91.0 or later).
  body.push(
    attr('transparent_client_ip_enable', l.transparentClientIp ? 'true' : 'false'),
    attr('nat64_enable', l.nat64 ? 'true' : 'false'),
  );
  if (l.proxyProtocol) {
    body.push(
      comment('ProxyProtocol is kept on, but the provider docs say proxy_protocol_enable only takes effect on TLS listeners;'),
      comment('the ELB API applies it to TCP listeners when a listener is updated. Check ProxyProtocol after apply.'),
    );
  }
  if (l.accessControl.mode !== 'all' && l.accessControl.ipGroupId) {
    body.push(
      blank,
      attr('access_policy', l.accessControl.mode === 'whitelist' ? 'white' : 'black'),
      attr('ip_group', l.accessControl.ipGroupId),
      attr('ip_group_enable', 'true'),
    );
  }
  if (l.portMode === 'ranges') {
    for (const r of l.portRanges) {
      if (r.start === null || r.end === null) continue;
      body.push(blank, block('port_ranges', [], [attr('start_port', r.start), attr('end_port', r.end)]));
    }
  }
  if (l.tags.length > 0) body.push(blank, attr('tags', { map: l.tags.map((t) => [t.key, t.value] as [string, string]) }));
  return [blank, block('resource', ['huaweicloud_elb_listener', 'this'], body)];
}

/** The draft as a Terraform configuration (huaweicloud provider). */
export function toTerraform(draft: TerraformDraft, opts: TerraformOptions): string {
  const items: Item[] = [];
  items.push(comment(`Generated by ELB Desk from draft ${draft.title ? `"${draft.title}"` : '(untitled)'}.`));
  items.push(comment('Review before applying: terraform init && terraform plan.'), blank);
  const providerSource: MapValue = { map: [['source', 'huaweicloud/huaweicloud'], ['version', `>= ${MIN_PROVIDER_VERSION}`]], bareKeys: true };
  items.push(
    comment(`Provider ${MIN_PROVIDER_VERSION} or later: the first release with nat64_enable and transparent_client_ip_enable.`),
    block('terraform', [], [block('required_providers', [], [attr('huaweicloud', providerSource)])]),
    blank,
  );

  const variables: Item[] = [];
  const regionValue: Value = opts.region ? opts.region : ref('var.region');
  if (!opts.region) variables.push(block('variable', ['region'], [attr('type', ref('string'))]), blank);
  const lbId = draft.target.loadBalancerId;
  const lb: Value = lbId ? lbId : ref('var.loadbalancer_id');
  if (!lbId) variables.push(block('variable', ['loadbalancer_id'], [attr('type', ref('string'))]), blank);
  items.push(...variables);
  items.push(block('provider', ['huaweicloud'], [attr('region', regionValue)]), blank);

  if (draft.routing.mode === 'new') {
    items.push(...poolItems(draft, lb));
    items.push(...memberItems(draft));
    if (draft.routing.healthCheck.enabled) items.push(...monitorItems(draft));
    items.push(...listenerItems(draft, lb));
  } else {
    items.push(...listenerItems(draft, lb).slice(1));
  }
  return render(items).join('\n') + '\n';
}
