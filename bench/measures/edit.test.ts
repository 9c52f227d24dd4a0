import { describe, expect, it } from 'vitest';
import { measureEdit } from './edit';

describe('edit measure', () => {
  it('opens edit drafts of distinct listeners and reports a timed two-field diff', async () => {
    const row = await measureEdit({ listeners: 2000, runs: 3 });
    expect(row.name).toBe('edit');
    expect(row.runs).toBe(3);
    expect(typeof row.value).toBe('number');
    expect(row.note).toContain('2,000 cached listeners');
  });
});
