// Vitest global setup: resolve (or build) the PocketBase binary once for all test files.
import { resolvePocketBase } from '../../scripts/lib/pocketbase.js';

export default async function setup() {
  const bin = await resolvePocketBase({ log: (m: string) => console.log(`[pocketbase] ${m}`) });
  process.env.POCKETBASE_BIN = bin;
}
