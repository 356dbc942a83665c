// The tablet locks itself after the idle time its manager set (F44). Taps, keys and scans
// count as activity: a packer scanning with the camera is not idle.
const EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;
let noteActivityHook: (() => void) | null = null;

/** Scans call this: they are activity even when nobody touches the screen. */
export function noteActivity() {
  noteActivityHook?.();
}

export function watchIdle(ms: number, onIdle: () => void): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const reset = () => {
    clearTimeout(timer);
    timer = setTimeout(onIdle, ms);
  };
  for (const e of EVENTS) window.addEventListener(e, reset, { capture: true, passive: true });
  noteActivityHook = reset;
  reset();
  return () => {
    clearTimeout(timer);
    for (const e of EVENTS) window.removeEventListener(e, reset, { capture: true });
    if (noteActivityHook === reset) noteActivityHook = null;
  };
}
