import { describe, expect, it } from 'vitest';
import { LIGHT_PALETTE, readPalette, seriesColour } from './palette';

describe('readPalette', () => {
  it('takes the colours from the CSS variables, trimmed', () => {
    const vars: Record<string, string> = { '--text': ' #e7e9ee', '--danger': '#ff8a80 ', '--chart-1': '#4fd1c1' };
    const sut = readPalette({ getPropertyValue: (n: string) => vars[n] ?? '' });
    expect(sut.text).toBe('#e7e9ee');
    expect(sut.danger).toBe('#ff8a80');
    expect(sut.series[1]).toBe('#4fd1c1');
  });

  it('falls back to the light theme where a variable is not set', () => {
    expect(readPalette({ getPropertyValue: () => '' })).toEqual(LIGHT_PALETTE);
  });

  it('wraps series colours around', () => {
    expect(seriesColour(LIGHT_PALETTE, 7)).toBe(LIGHT_PALETTE.series[1]);
  });
});
