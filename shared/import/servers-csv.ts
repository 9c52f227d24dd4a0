/**
 * Backend servers from CSV: `address,port,weight[,name[,subnet]]`, one server a line, with an optional header line
 * (whose column names may reorder the columns), RFC 4180 quoting ("a, b", "say ""hi""", line breaks inside quotes),
 * CRLF or LF, a UTF-8 BOM ignored. Spaces around an unquoted field are not part of it. Each record is checked by the
 * wizard's own server rules (shared/validation/routing.ts) as the row it would become, after the rows already in the
 * table; problems are reported per record with its line number, and duplicates (address + port) are flagged.
 */
import type { MemberDraft } from '../model/draft';
import { completeContext, type ValidationContext } from '../validation/context';
import type { Issue } from '../validation/issue';
import { membersIssues } from '../validation/routing';

/** The columns a file can have. */
export const CSV_COLUMNS = ['address', 'port', 'weight', 'name', 'subnet'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Header names accepted for each column (lower-case, spaces and _ - ignored). */
const HEADER_NAMES: Record<CsvColumn, readonly string[]> = {
  address: ['address', 'ip', 'ipaddress', 'backendserveripaddress', 'serverip', 'host'],
  port: ['port', 'backendport', 'protocolport'],
  weight: ['weight'],
  name: ['name', 'servername'],
  subnet: ['subnet', 'subnetid', 'subnetcidrid'],
};

/** One record of the file. */
export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  fields: string[];
}

/** A problem of a record that is not a server rule: a field that is not a number, too many fields, a quote left open. */
export interface CsvProblem {
  code: 'csv.number' | 'csv.columns' | 'csv.quote' | 'csv.header';
  params: Record<string, string | number>;
}

/** One server line of the file, as the row it would become. */
export interface CsvServerRow {
  line: number;
  /** The row, or null when the record could not be read as one. */
  member: Omit<MemberDraft, 'rowId'> | null;
  /** Problems of the record itself (not a number, too many fields…). */
  problems: CsvProblem[];
  /** Issues of the server rules for this row (paths `routing.members.<n>.*`, n = its row in the table after import). */
  issues: Issue[];
  /** The earlier line of the file with the same address and port, if any. */
  duplicateOfLine: number | null;
  /** Can be added: no problem and no error-severity issue. */
  ok: boolean;
}

export interface CsvServersResult {
  /** Whether the first line was taken as a header. */
  header: boolean;
  columns: CsvColumn[];
  rows: CsvServerRow[];
  /** Problems of the whole file (an unknown header column); line numbers in params. */
  fileProblems: (CsvProblem & { line: number })[];
  /** Issues of the server list as a whole (too many servers, every weight 0). */
  listIssues: Issue[];
}

/** Splits CSV text into records (RFC 4180), with the line each starts on; blank lines are skipped. */
export function parseCsvRecords(text: string): { records: CsvRecord[]; openQuoteLine: number | null } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let openQuoteLine: number | null = null;
  const endField = (): void => {
    fields.push(quoted ? field : field.trim());
    field = '';
    quoted = false;
  };
  const endRecord = (): void => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (inQuotes) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field.trim() === '' && !quoted) {
      inQuotes = true;
      quoted = true;
      field = '';
      openQuoteLine = line;
    } else if (c === ',') endField();
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (!(quoted && (c === ' ' || c === '\t'))) field += c;
  }
  if (inQuotes) return { records, openQuoteLine };
  if (field !== '' || fields.length > 0 || quoted) endRecord();
  return { records, openQuoteLine: null };
}

function headerKey(s: string): string {
  return s.toLowerCase().replace(/[\s_\-()]/g, '');
}

function columnOf(name: string): CsvColumn | null {
  const key = headerKey(name);
  for (const c of CSV_COLUMNS) if (HEADER_NAMES[c].includes(key)) return c;
  return null;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** A port or weight field: empty → null (the rules then say it is required), a whole number, or not a number. */
function numberField(raw: string): number | null | 'nan' {
  if (raw === '') return null;
  return DECIMAL.test(raw) ? Number(raw) : 'nan';
}

/**
 * Reads servers from CSV text. `existing` are the rows already in the table (duplicates against them are flagged
 * too, and the rows' numbers in messages continue after them); `ctx` is the wizard's validation context.
 * `allPorts`: the group forwards all ports (the port column is ignored; an address may appear once).
 */
export function parseServersCsv(text: string, existing: readonly MemberDraft[] = [], ctx?: Partial<ValidationContext>, allPorts = false): CsvServersResult {
  const { records, openQuoteLine } = parseCsvRecords(text);
  const fileProblems: CsvServersResult['fileProblems'] = [];
  let columns: CsvColumn[] = [...CSV_COLUMNS];
  let header = false;
  const first = records[0];
  if (first && columnOf(first.fields[0] ?? '') !== null && !/\d/.test(first.fields[0] ?? '')) {
    header = true;
    const named: CsvColumn[] = [];
    first.fields.forEach((f, i) => {
      const c = columnOf(f);
      if (c === null || named.includes(c)) fileProblems.push({ line: first.line, code: 'csv.header', params: { column: i + 1, value: f } });
      else named.push(c);
    });
    if (fileProblems.length === 0) columns = named;
  }
  const body = header ? records.slice(1) : records;
  const rows: CsvServerRow[] = body.map((r) => {
    const problems: CsvProblem[] = [];
    if (r.fields.length > columns.length) problems.push({ code: 'csv.columns', params: { count: r.fields.length, max: columns.length } });
    const get = (c: CsvColumn): string => {
      const i = columns.indexOf(c);
      return i < 0 ? '' : (r.fields[i] ?? '');
    };
    const port = numberField(get('port'));
    const weight = numberField(get('weight'));
    if (port === 'nan') problems.push({ code: 'csv.number', params: { column: 'port', value: get('port') } });
    if (weight === 'nan') problems.push({ code: 'csv.number', params: { column: 'weight', value: get('weight') } });
    const subnet = get('subnet');
    const member =
      port === 'nan' || weight === 'nan'
        ? null
        : { name: get('name'), address: get('address'), port, weight, subnetId: subnet === '' ? null : subnet };
    return { line: r.line, member, problems, issues: [], duplicateOfLine: null, ok: false };
  });
  if (openQuoteLine !== null) {
    rows.push({ line: openQuoteLine, member: null, problems: [{ code: 'csv.quote', params: { line: openQuoteLine } }], issues: [], duplicateOfLine: null, ok: false });
  }

  // The server rules, on the table as it would be after the import (rows that could not be read left out).
  const readable = rows.filter((r) => r.member !== null);
  const all: MemberDraft[] = [...existing, ...readable.map((r, i) => ({ rowId: `csv-${i}`, ...r.member! }))];
  const issues = membersIssues(all, completeContext(ctx), allPorts);
  const listIssues: Issue[] = [];
  const byRow = new Map<number, Issue[]>();
  for (const issue of issues) {
    const m = /^routing\.members\.(\d+)(\.|$)/.exec(issue.path);
    const idx = m ? Number(m[1]) : null;
    if (idx === null) {
      if (issue.code !== 'routing.members.none') listIssues.push(issue);
      continue;
    }
    if (idx < existing.length) continue;
    const list = byRow.get(idx) ?? [];
    list.push(issue);
    byRow.set(idx, list);
  }
  readable.forEach((r, i) => {
    const idx = existing.length + i;
    r.issues = byRow.get(idx) ?? [];
    const dup = r.issues.find((x) => x.code === 'routing.members.duplicate' || x.code === 'routing.members.duplicateAllPorts');
    const other = typeof dup?.params?.otherIndex === 'number' ? dup.params.otherIndex : null;
    if (other !== null && other >= existing.length) r.duplicateOfLine = readable[other - existing.length]!.line;
  });
  for (const r of rows) r.ok = r.member !== null && r.problems.length === 0 && !r.issues.some((i) => i.severity === 'error');
  rows.sort((a, b) => a.line - b.line);
  return { header, columns, rows, fileProblems, listIssues };
}
