/** Seeded IDs and times: stable across runs and for any project ID. */
import { createHash } from 'node:crypto';

/** A UUID v4-shaped ID derived from a name (stable across runs). */
export function stableId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('/')).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x40;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
