/**
 * Reads pasted or imported text (plain lines or CSV) into entry lines: one entry a line, `ip` or `ip,description`
 * (the description may be a quoted CSV field), `#` comment lines and blank lines skipped, an optional CSV header
 * (`ip,description`) skipped. Line numbers are 1-based, as an editor shows them.
 */

/** One line that holds an entry. */
export interface RawLine {
  line: number;
  ip: string;
  description: string;
  /** The CSV field was malformed (an unclosed quote, or text after the closing quote). */
  badQuote: boolean;
}

/** Reads a CSV description field (after the first comma): plain text, or `"…"` with `""` for a quote. */
function readDescription(field: string): { text: string; bad: boolean } {
  const s = field.trim();
  if (!s.startsWith('"')) return { text: s, bad: false };
  let out = '';
  let i = 1;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"') {
      if (s[i + 1] === '"') {
        out += '"';
        i += 2;
        continue;
      }
      return { text: out, bad: s.slice(i + 1).trim() !== '' };
    }
    out += c;
    i++;
  }
  return { text: out, bad: true };
}

const HEADER = /^\s*"?ip"?\s*(,\s*"?description"?\s*)?$/i;

/** Splits text into entry lines. */
export function readLines(text: string): RawLine[] {
  const out: RawLine[] = [];
  const lines = text.split(/\r\n|\n|\r/);
  let seenEntry = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const s = raw.trim();
    if (s === '' || s.startsWith('#')) continue;
    if (!seenEntry && HEADER.test(s)) {
      seenEntry = true;
      continue;
    }
    seenEntry = true;
    const comma = s.indexOf(',');
    const tab = comma === -1 ? s.indexOf('\t') : -1;
    const cut = comma !== -1 ? comma : tab;
    if (cut === -1) {
      out.push({ line: i + 1, ip: unquote(s), description: '', badQuote: false });
      continue;
    }
    const d = readDescription(s.slice(cut + 1));
    out.push({ line: i + 1, ip: unquote(s.slice(0, cut).trim()), description: d.text, badQuote: d.bad });
  }
  return out;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).trim() : s;
}
