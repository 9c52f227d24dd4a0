/**
 * Test helpers for the sandbox's own tests: an HTTP client that signs with the OFFICIAL Node SDK signer
 * (`@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js`, loaded by deep path — the test oracle), so the
 * sandbox's verifier is checked against a third implementation. Not used by the sandbox itself.
 */
import { createRequire } from 'node:module';
import type { SandboxHandle } from './types';

interface SdkSignRequest {
  method: string;
  endpoint: string;
  queryParams: Record<string, string | string[]>;
  headers: Record<string, string>;
  data?: unknown;
}

interface SdkSigner {
  sign(req: SdkSignRequest, cred: { getAk(): string; getSk(): string }): Record<string, string>;
}

const require = createRequire(import.meta.url);
/** The official SDK signer (static class). */
export const AKSKSigner = (require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js') as { AKSKSigner: SdkSigner }).AKSKSigner;

/** A reply as seen by the tests. */
export interface TestReply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

/** Options of one call. */
export interface CallOptions {
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** Extra headers, signed too (the SDK signs every header given). */
  headers?: Record<string, string>;
  /** Override X-Sdk-Date (YYYYMMDDTHHMMSSZ). */
  sdkDate?: string;
  signal?: AbortSignal;
  ak?: string;
  sk?: string;
}

/** Builds the URL query the way a client would send it. */
export function toQueryString(query: Record<string, string | string[]>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const x of [v].flat()) qs.append(k, x);
  const s = qs.toString();
  return s ? `?${s}` : '';
}

/** A signed client for one region of a sandbox. */
export class TestClient {
  constructor(
    readonly h: SandboxHandle,
    readonly regionIndex = 0,
  ) {}

  get projectId(): string {
    return this.h.regions[this.regionIndex]?.projectId ?? '';
  }

  /** `/v3/{project}/elb` */
  get elb(): string {
    return `/v3/${this.projectId}/elb`;
  }

  /** Signs with the SDK signer and sends with fetch. `path` may be relative to /v3/{project}/elb when it starts with no `/v`. */
  async call(method: string, path: string, o: CallOptions = {}): Promise<TestReply> {
    const full = path.startsWith('/v') ? path : `${this.elb}${path}`;
    const endpoint = this.h.url + full;
    const hdrs: Record<string, string> = { 'Content-Type': 'application/json', 'X-Project-Id': this.projectId, ...(o.headers ?? {}) };
    if (o.sdkDate) hdrs['X-Sdk-Date'] = o.sdkDate;
    const signed = AKSKSigner.sign(
      { method, endpoint, queryParams: o.query ?? {}, headers: hdrs, data: o.body },
      { getAk: () => o.ak ?? this.h.ak, getSk: () => o.sk ?? this.h.sk },
    );
    const init: RequestInit = { method, headers: signed };
    if (o.body !== undefined) init.body = JSON.stringify(o.body);
    if (o.signal) init.signal = o.signal;
    const res = await fetch(endpoint + toQueryString(o.query ?? {}), init);
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // keep the text
    }
    return { status: res.status, body, headers: res.headers };
  }

  get(path: string, o: CallOptions = {}): Promise<TestReply> {
    return this.call('GET', path, o);
  }

  post(path: string, body: unknown, o: CallOptions = {}): Promise<TestReply> {
    return this.call('POST', path, { ...o, body });
  }

  put(path: string, body: unknown, o: CallOptions = {}): Promise<TestReply> {
    return this.call('PUT', path, { ...o, body });
  }

  del(path: string, o: CallOptions = {}): Promise<TestReply> {
    return this.call('DELETE', path, o);
  }

  /** The ID of a seeded (or any) resource by name, via the API. */
  async idOf(kind: 'loadbalancers' | 'listeners' | 'pools' | 'ipgroups' | 'healthmonitors', name: string): Promise<string> {
    const r = await this.get(`/${kind}`, { query: { name } });
    const item = (r.body?.[kind] as { id: string }[] | undefined)?.[0];
    if (!item) throw new Error(`no ${kind} named ${name}`);
    return item.id;
  }
}
