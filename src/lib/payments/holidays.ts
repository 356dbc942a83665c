// The shop's holidays as managers type them, checked the same way in the browser and on the
// server: 'YYYY-MM-DD' for one day, 'MM-DD' for every year (checked in a leap year).
export const HOLIDAY_FORMAT = /^(\d{4}-)?\d{2}-\d{2}$/;

/** A real calendar day: 2026-02-30 has the right shape but is not one. */
export function isRealHoliday(h: string): boolean {
  if (!HOLIDAY_FORMAT.test(h)) return false;
  const [y, m, d] = (h.length === 5 ? `2024-${h}` : h).split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
