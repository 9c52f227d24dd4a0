/**
 * "Accepted but not applied": the sandbox can be told to ignore named fields of create requests, the way the
 * official SDK documents for some of them (the create-listener model: `proxy_protocol_enable` only takes effect on
 * TLS listeners). The field is dropped from the body before the create runs, so the request succeeds and the
 * resource holds the default — exactly what a read-back after a submit must notice.
 */
import { badRequest } from './errors';
import { isObj } from './validate';

/** Fields to ignore per created resource: the body's wrapper key → field names. */
export interface IgnoredFields {
  listener?: string[];
  pool?: string[];
  healthmonitor?: string[];
  member?: string[];
}

const CREATES: Array<[RegExp, keyof IgnoredFields, 'one' | 'members']> = [
  [/\/elb\/listeners\/?$/, 'listener', 'one'],
  [/\/elb\/pools\/?$/, 'pool', 'one'],
  [/\/elb\/healthmonitors\/?$/, 'healthmonitor', 'one'],
  [/\/elb\/pools\/[^/]+\/members\/?$/, 'member', 'one'],
  [/\/elb\/pools\/[^/]+\/members\/batch-add\/?$/, 'member', 'members'],
];

/** Removes the ignored fields from a create body (in place). Other requests are left alone. */
export function dropIgnored(spec: IgnoredFields, method: string, path: string, body: unknown): void {
  if (method !== 'POST' || !isObj(body)) return;
  for (const [re, key, shape] of CREATES) {
    if (!re.test(path)) continue;
    const fields = spec[key] ?? [];
    if (fields.length === 0) return;
    const targets = shape === 'members' ? (Array.isArray(body.members) ? body.members : []) : [body[key]];
    for (const t of targets) if (isObj(t)) for (const f of fields) delete t[f];
    return;
  }
}

/** Reads an IgnoredFields spec from the admin endpoint's JSON: `{"listener":["proxy_protocol_enable"]}`. */
export function ignoredFromJson(body: unknown): IgnoredFields {
  if (!isObj(body)) throw badRequest('The ignored fields must be a JSON object such as {"listener":["proxy_protocol_enable"]}.');
  const out: IgnoredFields = {};
  for (const [k, v] of Object.entries(body)) {
    if (!['listener', 'pool', 'healthmonitor', 'member'].includes(k)) throw badRequest(`unknown resource ${JSON.stringify(k)}: use listener, pool, healthmonitor or member`);
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 64)) {
      throw badRequest(`${k} must be a list of field names`);
    }
    out[k as keyof IgnoredFields] = [...(v as string[])];
  }
  return out;
}
