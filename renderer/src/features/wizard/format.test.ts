import { describe, expect, it } from 'vitest';
import { charCount, formatNumber, lengthCounter, numberFromInput, parseNumberInput, portText, rowKeyer } from './format';

describe('portText', () => {
  it('formats a single port and ranges', () => {
    expect(portText({ portMode: 'single', port: 8080, portRanges: [] })).toBe('8080');
    expect(portText({ portMode: 'single', port: null, portRanges: [] })).toBe('');
    expect(
      portText({ portMode: 'ranges', port: 80, portRanges: [{ start: 1000, end: 2000 }, { start: null, end: null }, { start: 3000, end: null }] }),
    ).toBe('1000-2000, 3000-?');
  });
});

describe('numbers and text', () => {
  it('groups digits and leaves null empty', () => {
    expect(formatNumber(1000000)).toBe('1,000,000');
    expect(formatNumber(null)).toBe('');
  });
  it('counts characters, not UTF-16 units', () => {
    expect(charCount('a😀b')).toBe(3);
    expect(lengthCounter('负载均衡', 255)).toBe('4/255');
  });
  it('parses typed numbers: empty is null, garbage is NaN', () => {
    expect(parseNumberInput(' 42 ')).toBe(42);
    expect(parseNumberInput('')).toBeNull();
    expect(parseNumberInput('4x')).toBeNaN();
  });
  it('reads number inputs without ever producing NaN', () => {
    expect(numberFromInput('')).toBeNull();
    expect(numberFromInput('0')).toBe(0);
    expect(numberFromInput('12.5')).toBe(12.5);
    expect(numberFromInput('abc')).toBeNull();
  });
});

describe('rowKeyer', () => {
  it('keys the same object the same way and different objects differently', () => {
    const key = rowKeyer('t');
    const a = {};
    const b = {};
    expect(key(a)).toBe(key(a));
    expect(key(a)).not.toBe(key(b));
  });
});
