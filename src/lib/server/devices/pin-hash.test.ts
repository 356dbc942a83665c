import { describe, expect, it } from 'vitest';
import { buildDemoData } from '../../../../scripts/lib/demo-data.js';
import { demoPin, hashPin, pinWeakness, verifyPin } from './pin-hash.js';

describe('PIN hashes', () => {
  it('verifies the right PIN only, and never stores it in the clear', async () => {
    const hash = await hashPin('5820');
    expect(hash).not.toContain('5820');
    expect(await verifyPin('5820', hash)).toBe(true);
    expect(await verifyPin('5821', hash)).toBe(false);
    expect(await hashPin('5820')).not.toBe(hash); // salted
  });

  it('treats an empty or damaged hash as no PIN', async () => {
    expect(await verifyPin('5820', '')).toBe(false);
    expect(await verifyPin('5820', 'scrypt$16384$8$1$bad')).toBe(false);
  });

  it.each([
    ['471193', null],
    ['4711', 'format'],
    ['12a456', 'format'],
    ['123456789', 'format'],
    ['000000', 'too_simple'],
    ['123456', 'too_simple'],
    ['987654', 'too_simple'],
    ['789012', 'too_simple'],
    ['246802', 'too_simple'],
    ['121212', 'too_simple'],
    ['112211', 'too_simple'],
    ['121213', null]
  ])('issue #12 finding 6: new PIN %s -> %s', (pin, weakness) => {
    expect(pinWeakness(pin)).toBe(weakness);
  });
});

describe('the demo packer PIN', () => {
  it('is derived from the demo password, allowed, and matches the seeded hash', async () => {
    const passwords = { owner: 'a', manager: 'b', office: 'c', packer: 'packer-xyz' };
    const pin = demoPin(passwords.packer);
    expect(pin).toMatch(/^\d{6}$/);
    expect(pinWeakness(pin)).toBeNull();
    expect(demoPin(passwords.packer)).toBe(pin);
    const { records } = buildDemoData({ passwords, randomToken: () => 'tok'.padEnd(24, 'x') });
    const staff = (records as [string, Record<string, string>][]).filter(([c]) => c === 'staff').map(([, b]) => b);
    expect(await verifyPin(pin, staff.find((s) => s.role === 'packer')!.pin_hash)).toBe(true);
    expect(staff.filter((s) => s.pin_hash)).toHaveLength(1);
  });
});
