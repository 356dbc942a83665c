// Calendar days and months in a time zone as UTC instants (generic: imports no domain).

function offsetMs(utc: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit'
  }).formatToParts(new Date(utc));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(utc / 1000) * 1000;
}

/** the UTC instant of local midnight starting day `d` of month `m` (1-based; overflow rolls) */
export function zonedMidnight(y: number, m: number, d: number, timeZone: string): Date {
  const local = Date.UTC(y, m - 1, d);
  let utc = local - offsetMs(local, timeZone);
  utc = local - offsetMs(utc, timeZone);
  return new Date(utc);
}

/** today's date (YYYY-MM-DD) in the time zone */
export function zonedToday(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
