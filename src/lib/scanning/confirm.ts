/**
 * Turns a stream of per-frame camera reads into confirmed scans. One frame is
 * not enough: a code counts only when its check digit holds and it was read in
 * `framesNeeded` consecutive reads within `windowMs`. Then the same code is not
 * counted again until it has been out of view for `debounceMs`, so an item held
 * in front of the camera is one pick, not one per frame.
 */
import type { ScanRead } from './decode';
import { classifyCode, normalizeGtin } from './gtin';

export interface ReadConfirmerOptions {
  /** Consecutive reads of the same code needed; default 2. */
  framesNeeded?: number;
  /** All of those reads must fall within this many ms; default 1000. */
  windowMs?: number;
  /** Quiet time before the same code may be counted again; default 1500. */
  debounceMs?: number;
  now?: () => number;
}

const PRODUCT_FORMATS = new Set(['ean13', 'ean8', 'upca', 'upce']);

/** GTIN-14 for product codes, text for others; null when the check digit does not hold. */
export function scanIdentity(read: ScanRead): string | null {
  if (PRODUCT_FORMATS.has(read.format)) {
    return read.gtin14 && normalizeGtin(read.gtin14) === read.gtin14 ? read.gtin14 : null;
  }
  const kind = classifyCode(read.text);
  if (kind.kind === 'invalid') return null;
  return kind.kind === 'gtin' ? kind.gtin14 : kind.text;
}

export class ReadConfirmer {
  private readonly framesNeeded: number;
  private readonly windowMs: number;
  private readonly debounceMs: number;
  private readonly now: () => number;

  private streakIdentity: string | null = null;
  private streakTimes: number[] = [];
  private lastConfirmed: { identity: string; lastSeen: number } | null = null;
  /** reads of a confirmed code still in view that were held back (a test can wait for it) */
  heldBack = 0;

  constructor(opts: ReadConfirmerOptions = {}) {
    this.framesNeeded = Math.max(1, opts.framesNeeded ?? 2);
    this.windowMs = opts.windowMs ?? 1000;
    this.debounceMs = opts.debounceMs ?? 1500;
    this.now = opts.now ?? (() => performance.now());
  }

  /**
   * Feed one frame's result (null when nothing was read). Frames without a read
   * do not break a streak, but a different code does, and so does the window.
   * Returns the read when this frame confirms a new scan, otherwise null.
   */
  offer(read: ScanRead | null): ScanRead | null {
    const now = this.now();
    if (!read) return null;
    const identity = scanIdentity(read);
    if (identity === null) {
      this.resetStreak();
      return null;
    }

    if (this.lastConfirmed?.identity === identity && now - this.lastConfirmed.lastSeen < this.debounceMs) {
      this.lastConfirmed.lastSeen = now; // still in view: keep holding it back
      this.heldBack++;
      return null;
    }

    if (identity !== this.streakIdentity) {
      this.streakIdentity = identity;
      this.streakTimes = [];
    }
    this.streakTimes = [...this.streakTimes, now].filter((t) => now - t <= this.windowMs);
    if (this.streakTimes.length < this.framesNeeded) return null;

    this.resetStreak();
    this.lastConfirmed = { identity, lastSeen: now };
    return read;
  }

  /** Forget streaks and the debounce, e.g. when the packer moves to the next order line. */
  reset(): void {
    this.resetStreak();
    this.lastConfirmed = null;
  }

  private resetStreak(): void {
    this.streakIdentity = null;
    this.streakTimes = [];
  }
}
