import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../shared/ipgroups';
import { workbenchText } from './workbench';

describe('workbench measure fixture', () => {
  it('has exactly the asked number of lines, with duplicates, contained, invalid entries and comments', () => {
    const text = workbenchText(10_000);
    expect(text.split('\n')).toHaveLength(10_000);
    const r = analyzeText(text);
    expect(r.lineCount).toBe(9_000);
    expect(r.duplicates.length).toBeGreaterThan(500);
    expect(r.invalid.length).toBeGreaterThan(100);
    expect(r.entries.some((e) => e.containedIn !== null)).toBe(true);
    expect(r.entries.some((e) => e.version === 6 && e.kind === 'range')).toBe(true);
  });
});
