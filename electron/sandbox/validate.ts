/**
 * Small readers for request bodies. Each one throws 400 ELB.8902 with a message that names the field and the rule,
 * e.g. "Invalid input for field 'listener.keepalive_timeout': must be an integer from 10 to 4000 (got 5)."
 */
import { badRequest } from './errors';

/** A JSON object from a request body. */
export type Obj = Record<string, unknown>;

/** Whether `v` is a plain JSON object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Throws the standard "invalid field" 400. */
export function invalid(field: string, rule: string, got?: unknown): never {
  const shown = got === undefined ? '' : ` (got ${short(got)})`;
  throw badRequest(`Invalid input for field '${field}': ${rule}${shown}.`);
}

function short(v: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? String(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Reads `{ [key]: {...} }` from a body; the wrapper object is required. */
export function wrapped(body: unknown, key: string): Obj {
  if (!isObj(body)) throw badRequest(`The request body must be a JSON object with the key '${key}'.`);
  const inner = body[key];
  if (!isObj(inner)) throw badRequest(`Invalid input for field '${key}': must be an object.`);
  return inner;
}

/** Refuses fields that are not in `allowed` (typos must not pass silently). */
export function onlyKnown(obj: Obj, allowed: readonly string[], prefix: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) throw badRequest(`Unrecognized attribute '${prefix}.${k}'.`);
  }
}

/** True when the field is present and not null. */
export function has(obj: Obj, field: string): boolean {
  return obj[field] !== undefined && obj[field] !== null;
}

/** Length in Unicode code points. */
export function cpLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Optional string (null/absent → undefined) of at most `max` characters. */
export function optString(obj: Obj, field: string, prefix: string, max = 255, min = 0): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') invalid(`${prefix}.${field}`, 'must be a string', v);
  const n = cpLength(v);
  if (n > max || n < min) invalid(`${prefix}.${field}`, min > 0 ? `length must be ${min} to ${max} characters` : `must be at most ${max} characters`, `${n} characters`);
  return v;
}

/** Required string. */
export function reqString(obj: Obj, field: string, prefix: string, max = 255, min = 1): string {
  const v = optString(obj, field, prefix, max, min);
  if (v === undefined) invalid(`${prefix}.${field}`, 'is required');
  return v;
}

/** Optional integer in [min, max] (null/absent → undefined). Strings and fractions are refused. */
export function optInt(obj: Obj, field: string, prefix: string, min: number, max: number): number | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    invalid(`${prefix}.${field}`, `must be an integer from ${min} to ${max}`, v);
  }
  return v;
}

/** Required integer in [min, max]. */
export function reqInt(obj: Obj, field: string, prefix: string, min: number, max: number): number {
  const v = optInt(obj, field, prefix, min, max);
  if (v === undefined) invalid(`${prefix}.${field}`, 'is required');
  return v;
}

/** Optional boolean (null/absent → undefined). */
export function optBool(obj: Obj, field: string, prefix: string): boolean | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') invalid(`${prefix}.${field}`, 'must be true or false', v);
  return v;
}

/** Optional value from a fixed list. */
export function optEnum<T extends string>(obj: Obj, field: string, prefix: string, values: readonly T[]): T | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    invalid(`${prefix}.${field}`, `must be one of ${values.join(', ')}`, v);
  }
  return v as T;
}

/** Required value from a fixed list. */
export function reqEnum<T extends string>(obj: Obj, field: string, prefix: string, values: readonly T[]): T {
  const v = optEnum(obj, field, prefix, values);
  if (v === undefined) invalid(`${prefix}.${field}`, `is required (one of ${values.join(', ')})`);
  return v;
}

/** Optional object (null/absent → undefined). */
export function optObj(obj: Obj, field: string, prefix: string): Obj | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) invalid(`${prefix}.${field}`, 'must be an object', v);
  return v;
}

/** Optional array (null/absent → undefined). */
export function optArray(obj: Obj, field: string, prefix: string, max: number): unknown[] | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) invalid(`${prefix}.${field}`, 'must be an array', v);
  if (v.length > max) invalid(`${prefix}.${field}`, `must have at most ${max} items`, `${v.length} items`);
  return v;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `s` looks like a UUID. */
export function isUuid(s: string): boolean {
  return UUID.test(s);
}

/** Characters a tag key or value must not contain. */
export const TAG_FORBIDDEN = /[=*<>\\,|/]/;

/** A listener/resource tag. */
export interface Tag {
  key: string;
  value: string;
}

/** Tags: ≤20, key 1–36 chars, value ≤255, neither containing `= * < > \ , | /`, keys unique. */
export function readTags(obj: Obj, prefix: string): Tag[] | undefined {
  const arr = optArray(obj, 'tags', prefix, 20);
  if (arr === undefined) return undefined;
  const seen = new Set<string>();
  return arr.map((t, i) => {
    const p = `${prefix}.tags[${i}]`;
    if (!isObj(t)) invalid(p, 'must be an object {key, value}', t);
    onlyKnown(t, ['key', 'value'], p);
    const key = reqString(t, 'key', p, 36, 1);
    const value = optString(t, 'value', p, 255) ?? '';
    if (TAG_FORBIDDEN.test(key)) invalid(`${p}.key`, 'must not contain = * < > \\ , | /', key);
    if (TAG_FORBIDDEN.test(value)) invalid(`${p}.value`, 'must not contain = * < > \\ , | /', value);
    if (seen.has(key)) invalid(`${p}.key`, 'tag keys must be unique', key);
    seen.add(key);
    return { key, value };
  });
}
