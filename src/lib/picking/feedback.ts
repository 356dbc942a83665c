// Sound and vibration for scans, so the packer knows without looking: one short high beep for a
// counted item, a low double buzz (and a long vibration) for a refused one. Browsers only let a
// page play sound after a tap or key press, so the audio context is opened on the first one.
type Tone = { freq: number; ms: number; gap?: number; type?: OscillatorType };

const OK: Tone[] = [{ freq: 1320, ms: 90, type: 'sine' }];
const REFUSED: Tone[] = [
  { freq: 180, ms: 220, gap: 90, type: 'square' },
  { freq: 140, ms: 320, type: 'square' }
];
const DONE: Tone[] = [
  { freq: 990, ms: 90, gap: 40 },
  { freq: 1320, ms: 90, gap: 40 },
  { freq: 1760, ms: 160 }
];

let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (typeof window === 'undefined') return null;
  const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctor) return null;
  try {
    context ??= new Ctor();
    if (context.state === 'suspended') void context.resume().catch(() => {});
    return context;
  } catch {
    return null;
  }
}

/** Call once from the layout: the first tap or key press unlocks sound for the session. */
export function unlockSoundOnFirstGesture(): () => void {
  const unlock = () => audio();
  window.addEventListener('pointerdown', unlock, { capture: true });
  window.addEventListener('keydown', unlock, { capture: true });
  return () => {
    window.removeEventListener('pointerdown', unlock, { capture: true });
    window.removeEventListener('keydown', unlock, { capture: true });
  };
}

function play(tones: Tone[]) {
  const ctx = audio();
  if (!ctx) return;
  let at = ctx.currentTime + 0.01;
  for (const t of tones) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = t.type ?? 'sine';
    osc.frequency.value = t.freq;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.3, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + t.ms / 1000);
    osc.connect(gain).connect(ctx.destination);
    osc.start(at);
    osc.stop(at + t.ms / 1000 + 0.02);
    at += (t.ms + (t.gap ?? 0)) / 1000;
  }
}

function vibrate(pattern: number | number[]) {
  if (typeof navigator !== 'undefined' && typeof navigator.vibrate === 'function') navigator.vibrate(pattern);
}

export type FeedbackKind = 'ok' | 'refused' | 'done';

export function signal(kind: FeedbackKind) {
  if (kind === 'ok') {
    play(OK);
    vibrate(40);
  } else if (kind === 'done') {
    play(DONE);
    vibrate([60, 60, 60]);
  } else {
    play(REFUSED);
    vibrate([250, 100, 250]);
  }
}
