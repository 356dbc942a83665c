// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noteActivity, watchIdle } from './idle-lock';

afterEach(() => vi.useRealTimers());

describe('the tablet locks itself when nobody uses it', () => {
  it('after the idle time, not before; taps, keys and scans start the time again', () => {
    vi.useFakeTimers();
    const lock = vi.fn();
    const stop = watchIdle(120_000, lock);
    vi.advanceTimersByTime(119_000);
    window.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(119_000);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }));
    vi.advanceTimersByTime(119_000);
    noteActivity(); // a camera scan: nobody touched the screen
    vi.advanceTimersByTime(119_000);
    expect(lock).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(lock).toHaveBeenCalledTimes(1);
    stop();
  });

  it('stops watching when the packer is gone', () => {
    vi.useFakeTimers();
    const lock = vi.fn();
    watchIdle(1000, lock)();
    vi.advanceTimersByTime(5000);
    noteActivity();
    vi.advanceTimersByTime(5000);
    expect(lock).not.toHaveBeenCalled();
  });
});
