import { describe, expect, it } from 'vitest';
import { framedHtml } from './framed-html';

describe('framedHtml', () => {
  it('puts the content security policy first in the head, keeping the doctype', () => {
    const out = framedHtml('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>x</title></head><body><img src="https://tracker.example/p.gif"></body></html>');
    expect(out.startsWith('<!doctype html>')).toBe(true);
    expect(out).toMatch(/<head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:;[^"]*"><base target="_blank"><meta charset="utf-8">/);
  });

  it('wraps a fragment without a head', () => {
    expect(framedHtml('<p>Hi</p>')).toMatch(/^<!doctype html><html><head><meta http-equiv="Content-Security-Policy"[^>]*><base target="_blank"><\/head><body><p>Hi<\/p><\/body><\/html>$/);
  });
});
