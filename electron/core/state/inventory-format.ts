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

/** Whether two key lists are the same keys in the same order. */
function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** One table's rows as the body's text: `[v,…],[v,…]` (no brackets around the whole, no leading comma). */
function rowsText(keys: readonly string[], rows: readonly unknown[]): string {
  return JSON.stringify(rows.map((el) => keys.map((key) => (el as Obj)[key]))).slice(1, -1);
}

/**
 * One table's rows encoded ahead of the write, a page at a time — so a sync can encode a page of listeners while it
 * waits for the next one, and the write that follows only joins the pieces. `encodeInventory` uses the pieces only
 * when the inventory's array holds exactly the objects added here (same objects, same order, same keys); it
 * encodes the array itself otherwise. The rows are frozen when added, so what was encoded cannot change afterwards.
 */
export class TableRowsEncoder {
  private keys: string[] | null = null;
  private readonly pieces: string[] = [];
  private readonly rows: object[] = [];
  private broken = false;

  /** How many rows were added (while the table is intact). */
  get count(): number {
    return this.rows.length;
  }

  /** Encodes `rows` (appended after the rows added before) and freezes them. */
  add(rows: readonly object[]): void {
    if (this.broken || rows.length === 0) return;
    const keys = tableKeys(rows as unknown[]);
    if (!keys || (this.keys !== null && !sameKeys(keys, this.keys))) {
      // Not one table (the whole array will be encoded at write time, objects kept as they are).
      this.broken = true;
      this.pieces.length = 0;
      this.rows.length = 0;
      return;
    }
    this.keys ??= keys;
    for (const row of rows) {
      deepFreezePlain(row);
      this.rows.push(row);
    }
    this.pieces.push(rowsText(keys, rows));
  }

  /** The keys and pieces when `rows` is exactly what was added, else null. */
  piecesFor(rows: readonly unknown[]): { keys: string[]; pieces: readonly string[] } | null {
    if (this.broken || this.keys === null || rows.length !== this.rows.length) return null;
    for (let i = 0; i < rows.length; i++) if (rows[i] !== this.rows[i]) return null;
    return { keys: this.keys, pieces: this.pieces };
  }
}

/** Freezes a plain JSON value and everything in it. */
function deepFreezePlain(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreezePlain(x);
}

/** Tables encoded ahead of the write, by the inventory's field name (see `TableRowsEncoder`). */
export type PreEncodedTables = Readonly<Record<string, TableRowsEncoder>>;

/**
 * The cache file's text for `inv`, in pieces (`perPiece` table rows at a time), ending with the trailer. Plain JSON
 * data only (no `toJSON`, no cycles, no undefined inside the tables' objects — such an array is kept as objects).
 * Tables in `pre` that hold exactly the inventory's rows are taken from there (the same text).
 */
export function* encodeInventory(inv: object, perPiece = 200, pre: PreEncodedTables = {}): Generator<string> {
  let crc = 0;
  let bytes = 0;
  const body = (piece: string): string => {
    crc = crc32(piece, crc);
    bytes += Buffer.byteLength(piece);
    return piece;
  };
  const plain: Obj = {};
  const tables: [string, string[], unknown[], readonly string[] | null][] = [];
  for (const [k, v] of Object.entries(inv)) {
    if (!Array.isArray(v) || v.length === 0) {
      plain[k] = v;
      continue;
    }
    const ready = Object.hasOwn(pre, k) ? pre[k]!.piecesFor(v) : null;
    const keys = ready ? ready.keys : tableKeys(v);
    if (keys) tables.push([k, keys, v, ready ? ready.pieces : null]);
    else plain[k] = v;
  }
  yield `${MAGIC} ${CACHE_FORMAT}\n`;
  yield body(`{"v":${JSON.stringify(plain)},"t":{`);
  for (let n = 0; n < tables.length; n++) {
    const [name, keys, rows, ready] = tables[n]!;
    let out = `${n ? ',' : ''}${JSON.stringify(name)}:{"k":${JSON.stringify(keys)},"r":[`;
    if (ready) {
      for (let i = 0; i < ready.length; i++) {
        out += (i ? ',' : '') + ready[i]!;
        yield body(out);
        out = '';
      }
    } else {
      for (let i = 0; i < rows.length; i += perPiece) {
        out += (i ? ',' : '') + rowsText(keys, rows.slice(i, i + perPiece));
        yield body(out);
        out = '';
      }
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
