// PIN hashes with scrypt (a slow, memory-hard KDF): a 4-8 digit PIN has few possibilities, so
// each guess must be expensive even for someone holding a copy of the database. Plain JS so the
// demo seed (scripts/lib/demo-data.js) hashes the demo PINs exactly like the app server does.
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';

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
