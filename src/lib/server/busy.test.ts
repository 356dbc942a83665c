import { describe, expect, it } from 'vitest';
import { isBusy, markBusy } from './busy';

describe('busy', () => {
  it('is busy for a window after interactive work, then quiet again', () => {
    markBusy(10_000);
    expect(isBusy(100, 10_050)).toBe(true);
    expect(isBusy(100, 10_099)).toBe(true);
    expect(isBusy(100, 10_100)).toBe(false);
    markBusy(20_000);
    expect(isBusy(100, 20_001)).toBe(true);
  });
});
