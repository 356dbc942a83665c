// Business days in the shop's time zone (F09, F10): weekends and the shop's holidays are
// skipped. Pure functions over instants and local calendar dates ('YYYY-MM-DD').
export type IsoDate = string;

export interface ShopCalendar {
  timeZone: string;
  /** 'YYYY-MM-DD' for one day, 'MM-DD' for the same day every year */
  holidays: readonly string[];
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

// Since 1980 every zone's offsets and changes fall on quarter hours (Nepal's +05:45 too; Liberia
// kept -00:44:30 until 1972), so the local date is the same throughout a quarter hour of UTC:
// kept per zone and quarter, since formatToParts costs far more than the rest of a payment
// queue row (three calls a row, 50 rows a page).
const QUARTER_MS = 15 * 60_000;
const QUARTERS_FROM = Date.UTC(1980, 0, 1);
const dates = new Map<string, IsoDate>();

/** The calendar date an instant falls on in the time zone. */
export function localDate(instant: Date, timeZone: string): IsoDate {
  const kept = instant.getTime() >= QUARTERS_FROM;
  const key = `${timeZone}|${Math.floor(instant.getTime() / QUARTER_MS)}`;
  const known = kept ? dates.get(key) : undefined;
  if (known !== undefined) return known;
  const p = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((x) => [x.type, x.value]));
  const date = `${p.year}-${p.month}-${p.day}`;
  if (!kept) return date;
  if (dates.size > 20_000) dates.clear();
  dates.set(key, date);
  return date;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function dayOfWeek(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function isBusinessDay(date: IsoDate, holidays: readonly string[]): boolean {
  const dow = dayOfWeek(date);
  if (dow === 0 || dow === 6) return false;
  return !holidays.includes(date) && !holidays.includes(date.slice(5));
}

const startCache = new Map<string, number>();
/**
 * The first instant of a local date. Found by search rather than offset arithmetic so that
 * zones whose DST switch happens at midnight (the day then starts at 01:00) come out right.
 */
export function startOfLocalDay(date: IsoDate, timeZone: string): Date {
  const key = `${timeZone}|${date}`;
  const cached = startCache.get(key);
  if (cached !== undefined) return new Date(cached);
  const [y, m, d] = date.split('-').map(Number);
  const utcMidnight = Date.UTC(y, m - 1, d);
  // every offset in use lies within -12 h .. +14 h; search minute by minute in between
  let lo = (utcMidnight - 15 * 3600_000) / 60_000;
  let hi = (utcMidnight + 15 * 3600_000) / 60_000;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDate(new Date(mid * 60_000), timeZone) >= date) hi = mid;
    else lo = mid + 1;
  }
  const start = lo * 60_000;
  if (startCache.size > 5000) startCache.clear();
  startCache.set(key, start);
  return new Date(start);
}

/** How many business days have begun since the order's day: Monday's order is 1 day old on Tuesday. */
export function businessDaysElapsed(since: Date, now: Date, cal: ShopCalendar): number {
  const from = localDate(since, cal.timeZone);
  const today = localDate(now, cal.timeZone);
  if (today <= from) return 0;
  // counted, not walked: a three-year-old order in the payment queue is one sum, not 1,000 steps
  // (50 of them took 113 ms a page)
  const first = dayNumber(from) + 1;
  const last = dayNumber(today);
  let count = weekdaysBetween(first, last);
  for (const h of holidaysBetween(addDays(from, 1), today, cal.holidays)) if (isBusinessDayNumber(dayNumber(h))) count--;
  return count;
}

const dayNumber = (date: IsoDate) => {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
};
// day 0 (1970-01-01) was a Thursday
const isBusinessDayNumber = (n: number) => {
  const dow = (((n + 4) % 7) + 7) % 7;
  return dow !== 0 && dow !== 6;
};

/** Monday to Friday among days `first`..`last` (day numbers, both included) */
function weekdaysBetween(first: number, last: number): number {
  const days = last - first + 1;
  let count = Math.floor(days / 7) * 5;
  for (let n = first + Math.floor(days / 7) * 7; n <= last; n++) if (isBusinessDayNumber(n)) count++;
  return count;
}

/** the distinct holiday dates from `first` to `last` (both included), yearly ones in each year */
function holidaysBetween(first: IsoDate, last: IsoDate, holidays: readonly string[]): Set<IsoDate> {
  const found = new Set<IsoDate>();
  const [y0, y1] = [Number(first.slice(0, 4)), Number(last.slice(0, 4))];
  for (const h of holidays) {
    const dates = h.length === 5 ? Array.from({ length: y1 - y0 + 1 }, (_, i) => `${y0 + i}-${h}`) : [h];
    // a yearly 02-29 only in leap years: the date must exist
    for (const d of dates) if (d >= first && d <= last && addDays(d, 0) === d) found.add(d);
  }
  return found;
}

/**
 * When an unpaid order may be cancelled: the start of the business day after the
 * `days`-th business day following the day it was placed. With 7 days, a Monday order
 * has all of the next Tuesday week to be paid (a transfer booked that day still counts).
 */
export function cancelDeadline(placedAt: Date, days: number, cal: ShopCalendar): Date {
  const from = localDate(placedAt, cal.timeZone);
  // the same for every order placed that day: kept per day, rule and calendar
  const key = `${cal.timeZone}|${from}|${days}|${cal.holidays.join(',')}`;
  const known = deadlines.get(key);
  if (known !== undefined) return new Date(known);
  const deadline = walkDeadline(from, days, cal);
  if (deadlines.size > 5000) deadlines.clear();
  deadlines.set(key, deadline.getTime());
  return deadline;
}

const deadlines = new Map<string, number>();

function walkDeadline(from: IsoDate, days: number, cal: ShopCalendar): Date {
  let day = from;
  for (let counted = 0, guard = 0; counted < days + 1 && guard < 3660; guard++) {
    day = addDays(day, 1);
    if (isBusinessDay(day, cal.holidays)) counted++;
  }
  return startOfLocalDay(day, cal.timeZone);
}
