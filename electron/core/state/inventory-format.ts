/**
 * The inventory cache's file format. The cache is derived data (a sync rebuilds it), so it is written without fsync
 * (see inventory-cache.ts) and must instead detect a torn or damaged file by itself:
 *
 *     elb-desk-inventory-cache 2\n        ← header: magic and format version
 *     {"v":{…},"t":{…}}                   ← body: compact JSON (below)
 *     \nend <body bytes> <crc32 hex>\n     ← trailer: the body's length in bytes and its CRC-32
 *
 * The body holds the inventory's plain fields in `v`, and each top-level array of same-shaped objects (listeners,
 * pools, members, …) as a table in `t`: `{"k": [keys once], "r": [[values of one object], …]}` — about half the
 * bytes of the objects' JSON at 10,000 listeners, and faster to write. A file without a trailer, with another length
 * or checksum, or with a body that does not parse is `bad`; a higher version is `newer` (left to that version).
 * Format 1 — the plain JSON of the inventory, starting with `{`, written before — still loads.
 */
import { crc32 } from 'node:zlib';

/** The format `encodeInventory` writes. */
export const CACHE_FORMAT = 2;
const MAGIC = 'elb-desk-inventory-cache';
const HEADER_RE = /^elb-desk-inventory-cache (\d{1,6})$/;
const TRAILER_RE = /^end (\d{1,15}) ([0-9a-f]{8})$/;

/** What a cache file's bytes hold (the value is not validated against the inventory schema yet). */
export type DecodedInventory =
  | { kind: 'ok'; value: unknown; format: number }
  | { kind: 'newer'; format: number }
  | { kind: 'bad'; reason: string; detail: string };

type Obj = Record<string, unknown>;

/** The keys of `first` when every element of `arr` is a plain object with exactly these keys in this order. */
function tableKeys(arr: unknown[]): string[] | null {
  const first = arr[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return null;
  const keys = Object.keys(first);
  for (const el of arr) {
    if (typeof el !== 'object' || el === null || Array.isArray(el)) return null;
    let i = 0;
    for (const k in el) {
      if (k !== keys[i] || (el as Obj)[k] === undefined) return null;
      i++;
    }
    if (i !== keys.length) return null;
  }
  return keys;
}

/**
 * The cache file's text for `inv`, in pieces (`perPiece` table rows at a time), ending with the trailer. Plain JSON
 * data only (no `toJSON`, no cycles, no undefined inside the tables' objects — such an array is kept as objects).
 */
export function* encodeInventory(inv: object, perPiece = 200): Generator<string> {
  let crc = 0;
  let bytes = 0;
  const body = (piece: string): string => {
    crc = crc32(piece, crc);
    bytes += Buffer.byteLength(piece);
    return piece;
  };
  const plain: Obj = {};
  const tables: [string, string[], unknown[]][] = [];
  for (const [k, v] of Object.entries(inv)) {
    const keys = Array.isArray(v) && v.length > 0 ? tableKeys(v) : null;
    if (keys) tables.push([k, keys, v as unknown[]]);
    else plain[k] = v;
  }
  yield `${MAGIC} ${CACHE_FORMAT}\n`;
  yield body(`{"v":${JSON.stringify(plain)},"t":{`);
  for (let n = 0; n < tables.length; n++) {
    const [name, keys, rows] = tables[n]!;
    let out = `${n ? ',' : ''}${JSON.stringify(name)}:{"k":${JSON.stringify(keys)},"r":[`;
    for (let i = 0; i < rows.length; i += perPiece) {
      const part = rows.slice(i, i + perPiece).map((el) => keys.map((key) => (el as Obj)[key]));
      out += (i ? ',' : '') + JSON.stringify(part).slice(1, -1);
      yield body(out);
      out = '';
    }
    yield body(`${out}]}`);
  }
  yield body('}}');
  yield `\nend ${bytes} ${(crc >>> 0).toString(16).padStart(8, '0')}\n`;
}

function parseJson(text: string, raw: Uint8Array): { ok: true; value: unknown } | { ok: false; reason: string; detail: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: raw.includes(0) ? 'nul-bytes' : 'invalid-json', detail: e instanceof Error ? e.message : String(e) };
  }
}

/** Rebuild the inventory object from a format-2 body. Throws when the body's shape is not the format's. */
function fromBody(body: unknown): Obj {
  const b = body as { v?: unknown; t?: unknown };
  if (typeof b !== 'object' || b === null || typeof b.v !== 'object' || b.v === null || typeof b.t !== 'object' || b.t === null) {
    throw new Error('the body is not {"v":…,"t":…}');
  }
  const out: Obj = { ...(b.v as Obj) };
  for (const [name, table] of Object.entries(b.t as Obj)) {
    const { k, r } = (table ?? {}) as { k?: unknown; r?: unknown };
    if (!Array.isArray(k) || !k.every((x) => typeof x === 'string') || !Array.isArray(r)) throw new Error(`the table ${name} is malformed`);
    const keys = k as string[];
    out[name] = r.map((row: unknown) => {
      if (!Array.isArray(row) || row.length !== keys.length) throw new Error(`a row of the table ${name} has the wrong length`);
      const o: Obj = {};
      for (let i = 0; i < keys.length; i++) o[keys[i]!] = row[i];
      return o;
    });
  }
  return out;
}

/** What the bytes of a cache file hold (see the module comment). */
export function decodeInventory(raw: Buffer): DecodedInventory {
  if (raw.length === 0) return { kind: 'bad', reason: 'empty', detail: 'the file is empty' };
  if (raw[0] === 0x7b) {
    // Format 1: the inventory's JSON.
    const p = parseJson(raw.toString('utf8'), raw);
    return p.ok ? { kind: 'ok', value: p.value, format: 1 } : { kind: 'bad', reason: p.reason, detail: p.detail };
  }
  const nl = raw.indexOf(0x0a);
  const header = HEADER_RE.exec(raw.subarray(0, nl < 0 ? Math.min(raw.length, 64) : Math.min(nl, 64)).toString('latin1'));
  if (nl < 0 || nl > 64 || !header) return { kind: 'bad', reason: 'unknown-format', detail: 'it does not start with the cache header' };
  const format = Number(header[1]);
  if (format > CACHE_FORMAT) return { kind: 'newer', format };
  if (format !== CACHE_FORMAT) return { kind: 'bad', reason: 'unknown-format', detail: `format ${format} is not one this version writes` };
  const end = raw.lastIndexOf('\nend ');
  const trailer = end > nl && raw[raw.length - 1] === 0x0a ? TRAILER_RE.exec(raw.subarray(end + 1, raw.length - 1).toString('latin1')) : null;
  if (!trailer) return { kind: 'bad', reason: 'truncated', detail: 'its end marker is missing (the write did not finish)' };
  const body = raw.subarray(nl + 1, end);
  if (body.length !== Number(trailer[1])) {
    return { kind: 'bad', reason: 'length-mismatch', detail: `its body has ${body.length} bytes, the end marker says ${trailer[1]}` };
  }
  if ((crc32(body) >>> 0).toString(16).padStart(8, '0') !== trailer[2]) {
    return { kind: 'bad', reason: 'checksum', detail: 'its checksum does not match its content' };
  }
  const p = parseJson(body.toString('utf8'), body);
  if (!p.ok) return { kind: 'bad', reason: p.reason, detail: p.detail };
  try {
    return { kind: 'ok', value: fromBody(p.value), format };
  } catch (e) {
    return { kind: 'bad', reason: 'malformed', detail: e instanceof Error ? e.message : String(e) };
  }
}
