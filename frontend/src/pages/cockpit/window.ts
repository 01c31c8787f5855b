import dayjs, { type Dayjs } from 'dayjs';

/** The cockpit's window: a quarter, a month or a custom range of dates; `to` is exclusive. */
export type WindowMode = 'quarter' | 'month' | 'custom';
export interface CockpitWindow {
  mode: WindowMode;
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD, exclusive
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function quarterOf(d: Dayjs): CockpitWindow {
  const start = d.startOf('month').month(Math.floor(d.month() / 3) * 3);
  return { mode: 'quarter', from: start.format('YYYY-MM-DD'), to: start.add(3, 'month').format('YYYY-MM-DD') };
}

export function monthOf(d: Dayjs): CockpitWindow {
  const start = d.startOf('month');
  return { mode: 'month', from: start.format('YYYY-MM-DD'), to: start.add(1, 'month').format('YYYY-MM-DD') };
}

/** Reads the window from the URL (?w=quarter|month|custom&from=&to=); default: the current quarter. */
export function readWindow(p: URLSearchParams, today: Dayjs = dayjs()): CockpitWindow {
  const mode = p.get('w');
  const from = p.get('from') ?? '';
  const to = p.get('to') ?? '';
  const valid = DATE.test(from) && (mode === 'custom' ? DATE.test(to) && to > from : true);
  if (mode === 'month' && valid) return monthOf(dayjs(from));
  if (mode === 'custom' && valid) return { mode, from, to };
  if (mode === 'quarter' && valid) return quarterOf(dayjs(from));
  return quarterOf(today);
}

export function writeWindow(p: URLSearchParams, w: CockpitWindow): URLSearchParams {
  const next = new URLSearchParams(p);
  next.set('w', w.mode);
  next.set('from', w.from);
  if (w.mode === 'custom') next.set('to', w.to);
  else next.delete('to');
  return next;
}

/** Moves a quarter or month window back or forth. */
export function shiftWindow(w: CockpitWindow, by: number): CockpitWindow {
  if (w.mode === 'quarter') return quarterOf(dayjs(w.from).add(3 * by, 'month'));
  if (w.mode === 'month') return monthOf(dayjs(w.from).add(by, 'month'));
  return w;
}

/** The API's WindowInput: midnight in the agency's zone (Asia/Shanghai, UTC+8). */
export function windowInput(w: CockpitWindow): { from: string; to: string } {
  return { from: `${w.from}T00:00:00+08:00`, to: `${w.to}T00:00:00+08:00` };
}

/** A label such as 2026年第4季度 / 2026 Q4, 2026-11, or 2026-10-01 – 2026-11-30. */
export function windowLabel(w: CockpitWindow, english: boolean): string {
  const d = dayjs(w.from);
  if (w.mode === 'quarter') {
    const q = Math.floor(d.month() / 3) + 1;
    return english ? `${d.year()} Q${q}` : `${d.year()}年第${q}季度`;
  }
  if (w.mode === 'month') return english ? d.format('MMM YYYY') : d.format('YYYY年M月');
  return `${w.from} – ${dayjs(w.to).subtract(1, 'day').format('YYYY-MM-DD')}`;
}

/** Drill-down levels kept in the URL (?drill=dept:1/staff:2). */
export type DrillLevel =
  | { kind: 'dept'; id: string }
  | { kind: 'staff'; id: string }
  | { kind: 'ratings'; id: string }
  | { kind: 'flag'; id: 'OVERLOADED' | 'IDLE' | 'ALL' }
  | { kind: 'util'; id: string } // "lo-hi" in percent
  | { kind: 'pingpong'; id: string }
  | { kind: 'ontime'; id: string }
  | { kind: 'visits'; id: string };

const KINDS = ['dept', 'staff', 'ratings', 'flag', 'util', 'pingpong', 'ontime', 'visits'];

export function readDrill(p: URLSearchParams): DrillLevel[] {
  const raw = p.get('drill');
  if (!raw) return [];
  return raw
    .split('/')
    .map((s) => {
      const i = s.indexOf(':');
      return i > 0 ? { kind: s.slice(0, i), id: s.slice(i + 1) } : null;
    })
    .filter((x): x is DrillLevel => !!x && KINDS.includes(x.kind) && x.id !== '');
}

export function writeDrill(p: URLSearchParams, levels: DrillLevel[]): URLSearchParams {
  const next = new URLSearchParams(p);
  if (levels.length) next.set('drill', levels.map((l) => `${l.kind}:${l.id}`).join('/'));
  else next.delete('drill');
  return next;
}

/** Buckets of 10 % utilization from 0 to 200 % (the last holds everything above). */
export function utilizationHistogram(values: number[], step = 0.1, max = 2): number[] {
  const n = Math.round(max / step);
  const bins: number[] = Array.from({ length: n + 1 }, () => 0);
  for (const u of values) {
    const i = Math.min(n, Math.max(0, Math.floor(u / step + 1e-9)));
    bins[i]++;
  }
  return bins;
}

export const pct = (v: number | null | undefined, digits = 1) =>
  v === null || v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(digits)}%`;
