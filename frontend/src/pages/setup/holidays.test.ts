import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { BUNDLED, bundledYear, parseBundled, toCsv } from './holidays';

/** Working days of a year under the weekend rule with the given overrides. */
function workingDays(year: number, days: { date: string; kind: string }[]): number {
  const o = new Map(days.map((d) => [d.date, d.kind]));
  let n = 0;
  for (let d = dayjs(`${year}-01-01`); d.year() === year; d = d.add(1, 'day')) {
    const k = o.get(d.format('YYYY-MM-DD'));
    const working = k === 'holiday' ? false : k === 'workday' ? true : d.day() !== 0 && d.day() !== 6;
    if (working) n++;
  }
  return n;
}

describe('bundled holidays (read from internal/workcal/holidays_cn.go)', () => {
  it('reads the server’s arrangement of 2025 and 2026: 248 working days each', () => {
    const y2026 = bundledYear(2026);
    expect(y2026.length).toBeGreaterThan(20);
    expect(y2026).toContainEqual({ date: '2026-10-01', kind: 'holiday', note: '国庆节（周四）' });
    expect(y2026.some((d) => d.kind === 'workday')).toBe(true);
    // The Go tests check the same figure for the same data: the parse lost nothing.
    expect(workingDays(2026, y2026)).toBe(248);
    expect(workingDays(2025, bundledYear(2025))).toBe(248);
    expect(BUNDLED.every((d) => dayjs(d.date).isValid())).toBe(true);
  });

  it('has nothing for a year it does not bundle', () => {
    expect(bundledYear(2031)).toEqual([]);
  });

  it('skips comments and the header, and writes the CSV importWorkCalendar reads', () => {
    const src = 'x\nconst ChinaHolidaysCSV = `date,kind,note\n# a comment\n2027-01-01,holiday,元旦\n2027-02-07,workday,调休, 上班\n`\nmore';
    const days = parseBundled(src);
    expect(days).toEqual([
      { date: '2027-01-01', kind: 'holiday', note: '元旦' },
      { date: '2027-02-07', kind: 'workday', note: '调休, 上班' },
    ]);
    expect(toCsv(days)).toBe('date,kind,note\n2027-01-01,holiday,元旦\n2027-02-07,workday,调休， 上班');
    expect(parseBundled('no constant here')).toEqual([]);
  });
});
