import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeStatement, gzipBase64 } from './statement-file';

describe('statement files in the browser', () => {
  it('reads UTF-8, and Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeStatement(new TextEncoder().encode('Jürgen Weiß;49,90'))).toBe('Jürgen Weiß;49,90');
    expect(decodeStatement(new Uint8Array([0x4a, 0xfc, 0x72, 0x67, 0x65, 0x6e, 0x3b, 0x31]))).toBe('Jürgen;1');
  });

  it('compresses for the trip and the server gets the same text back', async () => {
    const text = 'Buchungstag;Betrag;Verwendungszweck\n'.repeat(5000) + 'Schluss ✓';
    const packed = await gzipBase64(text);
    expect(packed.length).toBeLessThan(text.length / 10);
    expect(gunzipSync(Buffer.from(packed, 'base64')).toString('utf8')).toBe(text);
  });
});
