import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { readDrill, readWindow, shiftWindow, utilizationHistogram, windowInput, writeDrill, writeWindow } from './window';

describe('cockpit window', () => {
  const today = dayjs('2026-11-27');
  it('defaults to the current quarter', () => {
    expect(readWindow(new URLSearchParams(), today)).toEqual({ mode: 'quarter', from: '2026-10-01', to: '2027-01-01' });
  });
  it('round-trips month and custom windows through the URL', () => {
    const m = readWindow(new URLSearchParams('w=month&from=2026-02-14'), today);
    expect(m).toEqual({ mode: 'month', from: '2026-02-01', to: '2026-03-01' });
    const c = { mode: 'custom' as const, from: '2026-01-05', to: '2026-03-01' };
    expect(readWindow(writeWindow(new URLSearchParams('scope=7'), c), today)).toEqual(c);
    expect(writeWindow(new URLSearchParams('scope=7'), c).get('scope')).toBe('7');
  });
  it('refuses a reversed custom range', () => {
    expect(readWindow(new URLSearchParams('w=custom&from=2026-03-01&to=2026-01-01'), today).mode).toBe('quarter');
  });
  it('shifts quarters across years and gives Shanghai midnight', () => {
    const q = shiftWindow({ mode: 'quarter', from: '2026-10-01', to: '2027-01-01' }, 1);
    expect(q).toEqual({ mode: 'quarter', from: '2027-01-01', to: '2027-04-01' });
    expect(windowInput(q)).toEqual({ from: '2027-01-01T00:00:00+08:00', to: '2027-04-01T00:00:00+08:00' });
  });
});

describe('drill path', () => {
  it('reads and writes levels, dropping junk', () => {
    const p = writeDrill(new URLSearchParams(), [
      { kind: 'dept', id: '12' },
      { kind: 'staff', id: '34' },
    ]);
    expect(p.get('drill')).toBe('dept:12/staff:34');
    expect(readDrill(new URLSearchParams('drill=dept:12/bogus:1/staff:')).map((l) => l.kind)).toEqual(['dept']);
  });
});

describe('utilizationHistogram', () => {
  it('puts values in 10 % bins and everything above 200 % in the last', () => {
    const bins = utilizationHistogram([0, 0.05, 0.1, 0.49, 1.1, 1.15, 5]);
    expect(bins).toHaveLength(21);
    expect(bins[0]).toBe(2);
    expect(bins[1]).toBe(1);
    expect(bins[4]).toBe(1);
    expect(bins[11]).toBe(2);
    expect(bins[20]).toBe(1);
  });
});
