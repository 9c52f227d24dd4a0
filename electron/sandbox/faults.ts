/** Fault injection: rules matched by method + path regex, each used `times` times (first matching rule wins). */
import { badRequest } from './errors';
import type { FaultController, FaultKind, FaultRule } from './types';
import { isObj } from './validate';

interface ActiveRule {
  method: string | null;
  path: RegExp | null;
  left: number;
  fault: FaultKind;
}

/** The sandbox's fault controller. */
export class Faults implements FaultController {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    checkFault(rule.fault);
    const times = rule.times ?? 1;
    if (!(times > 0)) throw new Error('FaultRule.times must be > 0 (or Infinity)');
    this.rules.push({
      method: rule.method ? rule.method.toUpperCase() : null,
      path: rule.path === undefined ? null : typeof rule.path === 'string' ? new RegExp(rule.path) : rule.path,
      left: times,
      fault: rule.fault,
    });
  }

  clear(): void {
    this.rules = [];
  }

  pending(): number {
    return this.rules.length;
  }

  /** Takes the fault for a request, if a rule matches (and uses it up once). */
  take(method: string, path: string): FaultKind | null {
    const m = method.toUpperCase();
    for (const r of this.rules) {
      if (r.method && r.method !== m) continue;
      if (r.path) {
        r.path.lastIndex = 0;
        if (!r.path.test(path)) continue;
      }
      r.left -= 1;
      if (r.left <= 0) this.rules = this.rules.filter((x) => x !== r);
      return r.fault;
    }
    return null;
  }
}

/** Throws if a fault is not one of the known kinds with valid fields. */
export function checkFault(f: unknown): asserts f is FaultKind {
  if (!isObj(f)) throw new Error('fault must be an object with a kind');
  switch (f.kind) {
    case 'latency':
      if (typeof f.ms !== 'number' || !(f.ms >= 0)) throw new Error('latency fault needs ms >= 0');
      return;
    case 'status':
      if (typeof f.status !== 'number' || !Number.isInteger(f.status) || f.status < 100 || f.status > 599) {
        throw new Error('status fault needs an HTTP status 100-599');
      }
      return;
    case 'throttle':
    case 'drop-before-commit':
    case 'stall':
      return;
    case 'drop-after-commit':
      if (f.atByte !== undefined && (typeof f.atByte !== 'number' || !Number.isInteger(f.atByte) || f.atByte < 0)) {
        throw new Error('drop-after-commit atByte must be an integer >= 0');
      }
      return;
    case 'malformed':
      if (!['html', 'truncated-json', 'empty-200', 'no-id'].includes(String(f.body))) {
        throw new Error('malformed fault body must be html, truncated-json, empty-200 or no-id');
      }
      return;
    default:
      throw new Error(`unknown fault kind ${JSON.stringify(f.kind)}`);
  }
}

/** Reads a FaultRule from the admin endpoint's JSON (`path` is a regex string; `times` may be null/"Infinity"/-1). */
export function ruleFromJson(body: unknown): FaultRule {
  if (!isObj(body)) throw badRequest('The fault rule must be a JSON object.');
  const { method, path, times, fault } = body;
  if (method !== undefined && typeof method !== 'string') throw badRequest('method must be a string');
  let re: RegExp | undefined;
  if (path !== undefined && path !== null) {
    if (typeof path !== 'string') throw badRequest('path must be a regular expression string');
    try {
      re = new RegExp(path);
    } catch (e) {
      throw badRequest(`path is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  let t: number | undefined;
  if (times === null || times === 'Infinity' || times === -1) t = Infinity;
  else if (times !== undefined) {
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1) throw badRequest('times must be a positive integer, -1 or "Infinity"');
    t = times;
  }
  try {
    checkFault(fault);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  const rule: FaultRule = { fault };
  if (method) rule.method = method;
  if (re) rule.path = re;
  if (t !== undefined) rule.times = t;
  return rule;
}
