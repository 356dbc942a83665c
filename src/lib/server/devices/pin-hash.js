// PIN rules and hashes. Hashes use scrypt (a slow, memory-hard KDF): a 6-8 digit PIN has few possibilities, so
// each guess must be expensive even for someone holding a copy of the database. Plain JS so the
// demo seed (scripts/lib/demo-data.js) hashes the demo PINs exactly like the app server does.
import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Why a new PIN may not be used, or null when it is fine: 6-8 digits (a 4-digit PIN falls to
 * rate-limited guessing in days, issue #12), not one repeated step (000000, 123456, 246802...)
 * and not built from one or two digits (121212, 112211): the first things anyone tries.
 * Existing 4-digit PINs still unlock (verifyPin does not look at the length) until a manager changes them.
 * @param {string} pin @returns {'format' | 'too_simple' | null}
 */
export function pinWeakness(pin) {
  if (!/^\d{6,8}$/.test(pin)) return 'format';
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i] + 10) % 10));
  return steps.size === 1 || new Set(digits).size <= 2 ? 'too_simple' : null;
}

/**
 * The demo packer's PIN, derived from their random demo password so `npm start` can print it
 * again on every start without storing it anywhere else. @param {string} password
 */
export function demoPin(password) {
  for (let i = 0; ; i++) {
    const hex = createHash('sha256').update(`demo-pin:${i}:${password}`).digest('hex');
    const pin = String(parseInt(hex.slice(0, 12), 16) % 1_000_000).padStart(6, '0');
    if (!pinWeakness(pin)) return pin;
  }
}

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** @param {Buffer} salt @param {Buffer} key */
function format(salt, key) {
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** Synchronous, for the demo seed only; the app server uses hashPin. @param {string} pin */
export function hashPinSync(pin) {
  const salt = randomBytes(16);
  return format(salt, scryptSync(pin, salt, KEY_LENGTH, { N, r: R, p: P }));
}

/** @param {string} pin @returns {Promise<string>} */
export function hashPin(pin) {
  const salt = randomBytes(16);
  return new Promise((resolve, reject) =>
    scrypt(pin, salt, KEY_LENGTH, { N, r: R, p: P }, (err, key) => (err ? reject(err) : resolve(format(salt, key))))
  );
}

/** True when `pin` matches `stored`; false for an empty or malformed hash. @param {string} pin @param {string} stored */
export function verifyPin(pin, stored) {
  const parts = (stored || '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return Promise.resolve(false);
  const [, n, r, p, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, 'base64');
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024 };
  return new Promise((resolve) =>
    scrypt(pin, Buffer.from(saltB64, 'base64'), expected.length, options, (err, key) =>
      resolve(!err && key.length === expected.length && timingSafeEqual(key, expected))
    )
  );
}
