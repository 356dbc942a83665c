import { describe, expect, it } from 'vitest';
import { businessDaysElapsed, cancelDeadline, isBusinessDay, localDate, startOfLocalDay } from './business-days';

const berlin = { timeZone: 'Europe/Berlin', holidays: [] as string[] };
const easter2025 = { timeZone: 'Europe/Berlin', holidays: ['2025-04-18', '2025-04-21'] };
const christmas = { timeZone: 'Europe/Berlin', holidays: ['12-25', '12-26'] };

describe('localDate: the shop day an instant belongs to', () => {
  it.each([
    ['2025-03-03T22:59:59Z', 'Europe/Berlin', '2025-03-03'], // 23:59:59 CET
    ['2025-03-03T23:00:00Z', 'Europe/Berlin', '2025-03-04'], // midnight CET
    ['2025-07-01T21:59:59Z', 'Europe/Berlin', '2025-07-01'], // 23:59:59 CEST
    ['2025-07-01T22:00:00Z', 'Europe/Berlin', '2025-07-02'],
    ['2025-03-04T04:59:00Z', 'America/New_York', '2025-03-03'],
    ['2025-03-03T15:00:00Z', 'Asia/Tokyo', '2025-03-04'],
    ['2025-03-03T10:00:00Z', 'Pacific/Kiritimati', '2025-03-04'] // UTC+14
  ])('%s in %s is %s', (instant, tz, date) => {
    expect(localDate(new Date(instant), tz)).toBe(date);
  });
});

describe('startOfLocalDay', () => {
  it.each([
    ['2025-03-04', 'Europe/Berlin', '2025-03-03T23:00:00.000Z'],
    ['2025-03-30', 'Europe/Berlin', '2025-03-29T23:00:00.000Z'], // the day clocks spring forward
    ['2025-03-31', 'Europe/Berlin', '2025-03-30T22:00:00.000Z'], // first day on summer time
    ['2025-10-26', 'Europe/Berlin', '2025-10-25T22:00:00.000Z'], // the day clocks fall back
    ['2025-10-27', 'Europe/Berlin', '2025-10-26T23:00:00.000Z'],
    ['2025-09-07', 'America/Santiago', '2025-09-07T04:00:00.000Z'], // DST starts at midnight: the day begins at 01:00
    ['2025-03-04', 'Pacific/Kiritimati', '2025-03-03T10:00:00.000Z']
  ])('%s in %s begins at %s', (date, tz, iso) => {
    expect(startOfLocalDay(date, tz).toISOString()).toBe(iso);
  });
});

describe('isBusinessDay', () => {
  it.each([
    ['2025-03-03', [], true], // Monday
    ['2025-03-07', [], true], // Friday
    ['2025-03-08', [], false], // Saturday
    ['2025-03-09', [], false], // Sunday
    ['2025-04-18', ['2025-04-18'], false], // one-off holiday
    ['2026-04-18', ['2025-04-18'], false], // a Saturday anyway
    ['2026-04-17', ['2025-04-18'], true], // one-off holidays do not repeat
    ['2025-12-25', ['12-25'], false], // yearly holiday
    ['2026-12-25', ['12-25'], false]
  ] as [string, string[], boolean][])('%s with holidays %j -> %s', (date, holidays, expected) => {
    expect(isBusinessDay(date, holidays)).toBe(expected);
  });
});

describe('cancelDeadline: start of the business day after the last allowed one', () => {
  it.each([
    // placed (UTC instant), days, calendar, deadline (UTC)
    ['Monday order, 1 day: all of Tuesday to pay', '2025-03-03T09:00:00Z', 1, berlin, '2025-03-04T23:00:00.000Z'],
    ['Friday order skips the weekend', '2025-03-07T09:00:00Z', 1, berlin, '2025-03-10T23:00:00.000Z'],
    ['Saturday order counts from Monday', '2025-03-08T09:00:00Z', 1, berlin, '2025-03-10T23:00:00.000Z'],
    ['7 business days from a Monday', '2025-03-03T09:00:00Z', 7, berlin, '2025-03-12T23:00:00.000Z'],
    ['0 days: cancel from the next business day', '2025-03-07T09:00:00Z', 0, berlin, '2025-03-09T23:00:00.000Z'],
    ['Easter: Good Friday and Easter Monday skipped', '2025-04-17T08:00:00Z', 1, easter2025, '2025-04-22T22:00:00.000Z'],
    ['yearly Christmas holidays', '2025-12-24T08:00:00Z', 1, christmas, '2025-12-29T23:00:00.000Z'],
    ['23:30 Monday in Berlin is still Monday', '2025-03-03T22:30:00Z', 1, berlin, '2025-03-04T23:00:00.000Z'],
    ['00:30 Tuesday in Berlin is Tuesday (UTC still says Monday)', '2025-03-03T23:30:00Z', 1, berlin, '2025-03-05T23:00:00.000Z'],
    ['across the spring DST switch', '2025-03-28T11:00:00Z', 1, berlin, '2025-03-31T22:00:00.000Z'],
    ['across the autumn DST switch', '2025-10-24T10:00:00Z', 1, berlin, '2025-10-27T23:00:00.000Z'],
    ['New York evening is the same day there, not the next', '2025-03-04T03:00:00Z', 1, { timeZone: 'America/New_York', holidays: [] }, '2025-03-05T05:00:00.000Z'],
    ['Cairo: the deadline day (a Friday) starts at 01:00 after a midnight DST switch', '2025-04-23T08:00:00Z', 1, { timeZone: 'Africa/Cairo', holidays: [] }, '2025-04-24T22:00:00.000Z']
  ] as [string, string, number, { timeZone: string; holidays: string[] }, string][])('%s', (_name, placed, days, cal, deadline) => {
    expect(cancelDeadline(new Date(placed), days, cal).toISOString()).toBe(deadline);
  });
});

describe('businessDaysElapsed: the age shown in the payment queue', () => {
  it.each([
    ['same day', '2025-03-03T08:00:00Z', '2025-03-03T20:00:00Z', berlin, 0],
    ['next day', '2025-03-03T08:00:00Z', '2025-03-04T08:00:00Z', berlin, 1],
    ['Friday to Saturday', '2025-03-07T08:00:00Z', '2025-03-08T08:00:00Z', berlin, 0],
    ['Friday to Monday', '2025-03-07T08:00:00Z', '2025-03-10T08:00:00Z', berlin, 1],
    ['a full week', '2025-03-03T08:00:00Z', '2025-03-10T08:00:00Z', berlin, 5],
    ['over Easter', '2025-04-17T08:00:00Z', '2025-04-22T08:00:00Z', easter2025, 1],
    ['just after midnight in Berlin is a new day', '2025-03-03T08:00:00Z', '2025-03-03T23:00:00Z', berlin, 1],
    ['just before midnight in Berlin is not', '2025-03-03T08:00:00Z', '2025-03-03T22:59:00Z', berlin, 0],
    ['the age reaches days + 1 exactly at the deadline', '2025-03-03T09:00:00Z', '2025-03-04T23:00:00Z', berlin, 2]
  ] as [string, string, string, { timeZone: string; holidays: string[] }, number][])('%s', (_name, since, now, cal, age) => {
    expect(businessDaysElapsed(new Date(since), new Date(now), cal)).toBe(age);
  });

  it('F07 F09 years of age are counted, not walked, and agree with walking day by day (yearly and one-off holidays, 29 February, time zones)', () => {
    // the reference: one day at a time, as the count was made before
    const walked = (since: Date, now: Date, cal: { timeZone: string; holidays: string[] }) => {
      const today = localDate(now, cal.timeZone);
      let day = localDate(since, cal.timeZone);
      let n = 0;
      while (day < today) {
        const [y, m, d] = day.split('-').map(Number);
        day = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
        if (isBusinessDay(day, cal.holidays)) n++;
      }
      return n;
    };
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const calendars = [berlin, easter2025, christmas, { timeZone: 'America/New_York', holidays: ['02-29', '07-04', '2024-07-04', '2026-01-01', '01-01'] }, { timeZone: 'Pacific/Kiritimati', holidays: ['12-31'] }];
    for (let i = 0; i < 400; i++) {
      const cal = calendars[i % calendars.length];
      const since = new Date(Date.UTC(2022, 0, 1) + Math.floor(random() * 4 * 365 * 86_400_000));
      const now = new Date(since.getTime() + Math.floor(random() * (i % 4 === 0 ? 3 * 365 : 40) * 86_400_000));
      expect(businessDaysElapsed(since, now, cal), `${since.toISOString()} → ${now.toISOString()} ${cal.timeZone}`).toBe(walked(since, now, cal));
    }
    // three years with Christmas: 783 weekdays, 4 of them Christmas holidays
    expect(businessDaysElapsed(new Date('2022-12-31T12:00:00Z'), new Date('2025-12-31T12:00:00Z'), christmas)).toBe(walked(new Date('2022-12-31T12:00:00Z'), new Date('2025-12-31T12:00:00Z'), christmas));
  });
});

describe('F09 localDate kept per quarter hour', () => {
  it('answers what the time zone says for every instant, around midnights and clock changes, in zones with odd offsets', () => {
    const formats = new Map<string, Intl.DateTimeFormat>();
    const exact = (instant: Date, timeZone: string) => {
      if (!formats.has(timeZone)) formats.set(timeZone, new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
      return formats.get(timeZone)!.format(instant);
    };
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Chatham', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    // every 14 minutes and 13 seconds through 2025's spring and autumn clock changes, twice (the second pass reads what the first kept)
    for (const pass of [1, 2]) {
      for (const timeZone of zones) {
        for (const [from, to] of [[Date.UTC(2025, 2, 28), Date.UTC(2025, 3, 7)], [Date.UTC(2025, 8, 25), Date.UTC(2025, 10, 4)]]) {
          for (let t = from; t < to; t += 14 * 60_000 + 13_000) {
            const instant = new Date(t);
            expect(localDate(instant, timeZone), `${timeZone} ${instant.toISOString()} pass ${pass}`).toBe(exact(instant, timeZone));
          }
        }
      }
    }
  });
});
