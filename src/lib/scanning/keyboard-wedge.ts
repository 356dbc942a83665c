/**
 * USB/Bluetooth barcode scanners "type" the code as keystrokes followed by Enter.
 * They type far faster than people (a few ms between keys), so a burst of at
 * least `minLength` characters with every gap under `maxGapMs`, ended by Enter,
 * is a scan. Listening in the capture phase on the window (or any target) lets
 * the packer scan anywhere on the page. Normal typing is left alone; a burst
 * that landed in a focused input is taken back out of it, and its Enter does not
 * submit the form.
 */

export interface KeyboardWedgeOptions {
  /** Longest gap between two scanner keystrokes; default 35 ms (people rarely type under 50). */
  maxGapMs?: number;
  /** Shortest code accepted; default 6. */
  minLength?: number;
  /** Keys that end a scan; default Enter (some scanners are set to send Tab). */
  terminators?: readonly string[];
  /** Clock for tests; defaults to the event's own timestamp. */
  now?: () => number;
}

type TextField = HTMLInputElement | HTMLTextAreaElement;

interface FieldSnapshot {
  field: TextField;
  value: string;
  selectionStart: number | null;
  selectionEnd: number | null;
}

function isTextField(node: EventTarget | null): node is TextField {
  if (typeof HTMLInputElement !== 'undefined' && node instanceof HTMLInputElement) return true;
  return typeof HTMLTextAreaElement !== 'undefined' && node instanceof HTMLTextAreaElement;
}

function snapshotOf(node: EventTarget | null): FieldSnapshot | null {
  if (!isTextField(node)) return null;
  let selectionStart: number | null = null;
  let selectionEnd: number | null = null;
  try {
    ({ selectionStart, selectionEnd } = node);
  } catch {
    // type=number/email fields have no selection API
  }
  return { field: node, value: node.value, selectionStart, selectionEnd };
}

/** Puts the field back as it was before the burst and tells bound components about it. */
function restore(snapshot: FieldSnapshot): void {
  const { field } = snapshot;
  if (field.value === snapshot.value) return;
  field.value = snapshot.value;
  try {
    if (snapshot.selectionStart !== null && snapshot.selectionEnd !== null) {
      field.setSelectionRange(snapshot.selectionStart, snapshot.selectionEnd);
    }
  } catch {
    // see snapshotOf
  }
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

export function attachKeyboardWedge(
  target: EventTarget,
  onCode: (code: string) => void,
  opts: KeyboardWedgeOptions = {}
): () => void {
  const maxGapMs = opts.maxGapMs ?? 35;
  const minLength = opts.minLength ?? 6;
  const terminators = opts.terminators ?? ['Enter'];

  let burst = '';
  let lastKeyAt = -Infinity;
  let field: FieldSnapshot | null = null;

  const clear = () => {
    burst = '';
    lastKeyAt = -Infinity;
    field = null;
  };

  const onKeyDown = (event: Event) => {
    if (!(event instanceof KeyboardEvent) || event.isComposing) return;
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) return clear();
    const at = opts.now ? opts.now() : event.timeStamp;
    const fast = at - lastKeyAt <= maxGapMs;

    if (terminators.includes(event.key)) {
      if (fast && burst.length >= minLength) {
        event.preventDefault();
        event.stopImmediatePropagation();
        const code = burst;
        if (field) restore(field);
        clear();
        onCode(code);
      } else {
        clear();
      }
      return;
    }

    if (event.key.length !== 1) {
      if (event.key !== 'Shift') clear(); // scanners press Shift for capitals; anything else is a person
      return;
    }

    if (!fast || burst === '') {
      burst = '';
      field = snapshotOf(event.target); // keydown runs before the character lands in the field
    }
    burst += event.key;
    lastKeyAt = at;
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => target.removeEventListener('keydown', onKeyDown, { capture: true });
}
