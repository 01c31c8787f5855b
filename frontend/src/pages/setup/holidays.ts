// The official PRC holiday arrangements the server bundles (internal/workcal/holidays_cn.go, its
// ChinaHolidaysCSV): read from the Go source at build time, so the SPA offers exactly the server's data.
import goSource from '../../../../internal/workcal/holidays_cn.go?raw';

export interface BundledDay {
  date: string;
  kind: 'holiday' | 'workday';
  note: string;
}

/** The lines of the CSV constant in a Go source (between `ChinaHolidaysCSV = \`` and the closing backtick). */
export function parseBundled(source: string): BundledDay[] {
  const start = source.indexOf('ChinaHolidaysCSV = `');
  if (start < 0) return [];
  const body = source.slice(start + 'ChinaHolidaysCSV = `'.length);
  const csv = body.slice(0, body.indexOf('`'));
  const out: BundledDay[] = [];
  for (const raw of csv.split('\n')) {
    const line = raw.trim();
    const m = /^(\d{4}-\d{2}-\d{2}),(holiday|workday),?(.*)$/.exec(line);
    if (m) out.push({ date: m[1], kind: m[2] as BundledDay['kind'], note: m[3].trim() });
  }
  return out;
}

export const BUNDLED: BundledDay[] = parseBundled(goSource);

/** The bundled days of one year (empty when the product bundles none for it). */
export function bundledYear(year: number, days: BundledDay[] = BUNDLED): BundledDay[] {
  return days.filter((d) => d.date.startsWith(`${year}-`));
}

/** The CSV importWorkCalendar reads (`date,kind,note`). */
export function toCsv(days: BundledDay[]): string {
  return ['date,kind,note', ...days.map((d) => `${d.date},${d.kind},${d.note.replace(/,/g, '，')}`)].join('\n');
}
