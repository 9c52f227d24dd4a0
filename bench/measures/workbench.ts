/**
 * workbench: the IP address group workbench's normalisation (`analyzeText`: read the lines, parse every entry with
 * ipaddr.js, dedupe, containment/overlap sweep) of 10,000 pasted lines mixing IPv4/IPv6 addresses, CIDR blocks,
 * ranges, descriptions (some quoted CSV), duplicates, comments and invalid lines.
 */
import { analyzeText } from '../../shared/ipgroups';
import { absoluteRow, measure, type ResultRow } from '../stats';

/** `n` mixed lines, deterministic. */
export function workbenchText(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = (i >> 8) & 0xff;
    const b = i & 0xff;
    switch (i % 10) {
      case 0:
        out.push(`10.${a}.${b}.1`);
        break;
      case 1:
        // contains the address of line i - 1
        out.push(`10.${((i - 1) >> 8) & 0xff}.${(i - 1) & 0xff}.0/24,office ${i}`);
        break;
      case 2:
        out.push(`2001:db8:${i.toString(16)}::1`);
        break;
      case 3:
        out.push(`2001:db8:${i.toString(16)}::/48,"site, ${i}"`);
        break;
      case 4:
        out.push(`172.16.${a}.${b % 200}-172.16.${a}.${(b % 200) + 50}`);
        break;
      case 5:
        // the same entry as line i - 5
        out.push(`10.${((i - 5) >> 8) & 0xff}.${(i - 5) & 0xff}.1/32`);
        break;
      case 6:
        out.push(`# comment ${i}`);
        break;
      case 7:
        out.push(`192.168.${a}.${b}, host ${i}`);
        break;
      case 8:
        out.push(i % 40 === 8 ? `10.${a}.${b}.999` : `100.64.${a}.${b}/30`);
        break;
      default:
        out.push(`fd00::${i.toString(16)}-fd00::${(i + 5).toString(16)}`);
    }
  }
  return out.join('\n');
}

/** Measures `workbench`. */
export async function measureWorkbench(o: { lines?: number; runs?: number } = {}): Promise<ResultRow> {
  const n = o.lines ?? 10_000;
  const text = workbenchText(n);
  const first = analyzeText(text);
  const sample = await measure(() => {
    const s = performance.now();
    const r = analyzeText(text);
    if (r.lineCount === 0) throw new Error('nothing read');
    return performance.now() - s;
  }, o.runs ?? 15, 3);
  return absoluteRow(
    'workbench',
    'ms',
    sample,
    100,
    null,
    `analyzeText of ${n.toLocaleString('en')} pasted lines (IPv4/IPv6 addresses, CIDR blocks, ranges, CSV descriptions, comments): ` +
      `${first.entries.length} entries, ${first.duplicates.length} duplicates, ${first.invalid.length} invalid, ` +
      `${first.entries.filter((e) => e.containedIn !== null).length} contained; after 3 warm-up runs`,
  );
}
