// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { attachKeyboardWedge, type KeyboardWedgeOptions } from './keyboard-wedge';

let clock = 0;
let detach: () => void = () => {};
let codes: string[] = [];

function attach(opts: KeyboardWedgeOptions = {}) {
  detach = attachKeyboardWedge(window, (code) => codes.push(code), { now: () => clock, ...opts });
}

/**
 * Presses one key on `target` the way a browser would: keydown, then (unless a
 * listener prevented it) the character lands in a focused text field.
 */
function press(target: EventTarget, key: string, afterMs: number, init: KeyboardEventInit = {}): KeyboardEvent {
  clock += afterMs;
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  target.dispatchEvent(event);
  if (!event.defaultPrevented && key.length === 1 && target instanceof HTMLInputElement) {
    target.value += key;
    target.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return event;
}

function type(target: EventTarget, text: string, gapMs: number): void {
  for (const key of text) press(target, key, gapMs);
}

beforeEach(() => {
  clock = 1000;
  codes = [];
  document.body.innerHTML = '<form><input id="search" /></form><button id="pick">Pick</button>';
});

afterEach(() => detach());

describe('attachKeyboardWedge', () => {
  it('recognises a fast burst ending in Enter anywhere on the page', () => {
    attach();
    const button = document.getElementById('pick')!;
    type(button, '5030159003930', 8);
    const enter = press(button, 'Enter', 8);
    expect(codes).toEqual(['5030159003930']);
    expect(enter.defaultPrevented).toBe(true);
  });

  it('leaves normal typing alone', () => {
    attach();
    const input = document.getElementById('search') as HTMLInputElement;
    type(input, 'dishwasher', 120);
    const enter = press(input, 'Enter', 150);
    expect(codes).toEqual([]);
    expect(input.value).toBe('dishwasher');
    expect(enter.defaultPrevented).toBe(false);
  });

  it('takes a burst typed into a focused input back out of it and keeps the form from submitting', () => {
    attach();
    const input = document.getElementById('search') as HTMLInputElement;
    const form = document.querySelector('form')!;
    const submitted = vi.fn();
    form.addEventListener('keydown', (e) => (e as KeyboardEvent).key === 'Enter' && submitted());
    type(input, 'mug', 150);
    const inputEvents = vi.fn();
    input.addEventListener('input', inputEvents);
    press(input, 'P', 400);
    type(input, 'B-10452', 10);
    expect(input.value).toBe('mugPB-10452');
    press(input, 'Enter', 10);
    expect(codes).toEqual(['PB-10452']);
    expect(input.value).toBe('mug');
    expect(submitted).not.toHaveBeenCalled();
    expect(inputEvents).toHaveBeenCalled(); // so a bound Svelte value follows
  });

  it('ignores bursts shorter than minLength', () => {
    attach();
    type(document.body, '12345', 5);
    press(document.body, 'Enter', 5);
    expect(codes).toEqual([]);
  });

  it('ignores a burst with one slow gap in the middle', () => {
    attach();
    type(document.body, '503015', 5);
    type(document.body, '9003930', 60);
    press(document.body, 'Enter', 5);
    expect(codes).toEqual([]);
  });

  it('starts a new code after a pause, so keys typed before a scan do not stick to it', () => {
    attach();
    type(document.body, 'ab', 200);
    press(document.body, '1', 300);
    type(document.body, '2345670', 6);
    press(document.body, 'Enter', 6);
    expect(codes).toEqual(['12345670']);
  });

  it('accepts capitals typed with Shift between the keys', () => {
    attach();
    for (const key of 'PB-10452') {
      if (key >= 'A' && key <= 'Z') press(document.body, 'Shift', 3, { shiftKey: true });
      press(document.body, key, 3, { shiftKey: key >= 'A' && key <= 'Z' });
    }
    press(document.body, 'Enter', 3);
    expect(codes).toEqual(['PB-10452']);
  });

  it('ignores key repeat and shortcuts', () => {
    attach();
    for (let i = 0; i < 8; i++) press(document.body, 'x', 30, { repeat: i > 0 });
    press(document.body, 'Enter', 30);
    type(document.body, '503015', 5);
    press(document.body, 'v', 5, { ctrlKey: true });
    type(document.body, '9003930', 5);
    press(document.body, 'Enter', 5);
    expect(codes).toEqual(['9003930']);
  });

  it('honours custom terminators and thresholds', () => {
    attach({ terminators: ['Tab'], minLength: 4, maxGapMs: 50 });
    type(document.body, '1234', 45);
    press(document.body, 'Tab', 45);
    type(document.body, '5678', 45);
    press(document.body, 'Enter', 45);
    expect(codes).toEqual(['1234']);
  });

  it('stops listening after detach', () => {
    attach();
    detach();
    type(document.body, '5030159003930', 5);
    press(document.body, 'Enter', 5);
    expect(codes).toEqual([]);
  });
});
