// A lease for background work that must run once across app servers (issue #17): the
// schedulers hold one in Redis (SET NX PX), renew it every third of its time, and another
// server takes it over once the holder stops renewing (it died, or lost Redis). With one app
// server (no REDIS_URL) the lease is always held and nothing else happens.
import { redis, serverId } from './redis';

const KEY_PREFIX = 'packbench:lease:';
// renew only while we still hold it; never extends another server's lease
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export const leaseTtlMs = () => Math.max(300, Number(process.env.LEASE_TTL_MS ?? 5_000));

export class Lease {
  private timer: ReturnType<typeof setInterval> | null = null;
  private heldUntil = 0;
  readonly key: string;

  constructor(
    name: string,
    private readonly ttlMs = leaseTtlMs(),
    private readonly holderId = serverId
  ) {
    this.key = KEY_PREFIX + name;
  }

  /** True while this server may do the work (always with one server). */
  get held(): boolean {
    if (!redis()) return true;
    // a stalled renewal must not leave two holders: trust our lease only until it runs out
    return Date.now() < this.heldUntil;
  }

  /** Takes the lease if free, renews it if ours; resolves to whether we hold it now. */
  async refresh(): Promise<boolean> {
    const client = redis();
    if (!client) return true;
    const started = Date.now();
    try {
      const renewed = Number(await client.eval(RENEW, { keys: [this.key], arguments: [this.holderId, String(this.ttlMs)] })) === 1;
      const taken = renewed || (await client.set(this.key, this.holderId, { condition: 'NX', expiration: { type: 'PX', value: this.ttlMs } })) === 'OK';
      this.heldUntil = taken ? started + this.ttlMs : 0;
    } catch {
      this.heldUntil = 0; // Redis unreachable: someone else may hold it by now
    }
    return this.held;
  }

  start(): this {
    if (this.timer || !redis()) return this;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), Math.floor(this.ttlMs / 3));
    this.timer.unref();
    return this;
  }

  /** Stops renewing and hands the lease back at once (a clean shutdown). */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const client = redis();
    if (client && this.heldUntil > Date.now()) await client.eval(RELEASE, { keys: [this.key], arguments: [this.holderId] }).catch(() => {});
    this.heldUntil = 0;
  }
}
