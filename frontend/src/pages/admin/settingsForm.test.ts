import { describe, expect, it } from 'vitest';
import { checkValue, crossProblems, initialValues, keyOfField, settingChanges, DOES_ALL_ABOVE, LEADS_BELOW, type SettingRow } from './settingsForm';

const text = { zh: '', en: '' };
function s(key: string, over: Partial<SettingRow> = {}): SettingRow {
  return { key, kind: 'NUMBER', label: text, meaning: text, unit: text, number: 0.5, department: null, default: 0.5, min: 0, max: 1, isDefault: true, ...over };
}
const rows: SettingRow[] = [
  s('metrics.idle_below'),
  s('metrics.min_raters', { kind: 'INTEGER', number: 5, default: 3, min: 3, max: 50, isDefault: false }),
  s('requests.default_department', { kind: 'DEPARTMENT', number: null, default: null, min: null, max: null, department: { id: '7', name: '办公室' }, isDefault: false }),
];

describe('checkValue', () => {
  it('checks range and whole numbers', () => {
    expect(checkValue(rows[0], 0.3)).toBeNull();
    expect(checkValue(rows[0], 1.2)).toEqual({ code: 'range', min: 0, max: 1 });
    expect(checkValue(rows[0], null)).toEqual({ code: 'required' });
    expect(checkValue(rows[1], 2)).toEqual({ code: 'range', min: 3, max: 50 });
    expect(checkValue(rows[1], 3.5)).toEqual({ code: 'integer' });
    expect(checkValue(rows[1], 50)).toBeNull();
    expect(checkValue(rows[2], null)).toBeNull();
  });
  it('keeps leads-without-doing below does-it-all', () => {
    expect(crossProblems({ [LEADS_BELOW]: 0.9, [DOES_ALL_ABOVE]: 0.85 })).toHaveProperty(LEADS_BELOW);
    expect(crossProblems({ [LEADS_BELOW]: 0.85, [DOES_ALL_ABOVE]: 0.85 })).toHaveProperty(LEADS_BELOW);
    expect(crossProblems({ [LEADS_BELOW]: 0.15, [DOES_ALL_ABOVE]: 0.85 })).toEqual({});
  });
});

describe('settingChanges', () => {
  const start = initialValues(rows);
  it('starts from the values in force and sends nothing unchanged', () => {
    expect(start).toEqual({ 'metrics.idle_below': 0.5, 'metrics.min_raters': 5, 'requests.default_department': '7' });
    expect(settingChanges(rows, start, new Set())).toEqual([]);
  });
  it('sends changed numbers and departments', () => {
    const v = { ...start, 'metrics.idle_below': 0.4, 'requests.default_department': '9' };
    expect(settingChanges(rows, v, new Set())).toEqual([
      { key: 'metrics.idle_below', number: 0.4 },
      { key: 'requests.default_department', department: '9' },
    ]);
  });
  it('sends reset for a setting put back to its default, or a department cleared', () => {
    const v = { ...start, 'metrics.min_raters': 3, 'requests.default_department': null };
    expect(settingChanges(rows, v, new Set(['metrics.min_raters']))).toEqual([
      { key: 'metrics.min_raters', reset: true },
      { key: 'requests.default_department', reset: true },
    ]);
    // Typed the default by hand: stored as a value.
    expect(settingChanges(rows, v, new Set())[0]).toEqual({ key: 'metrics.min_raters', number: 3 });
    // Reset of one already at its default: nothing to send.
    expect(settingChanges(rows, start, new Set(['metrics.idle_below']))).toEqual([]);
  });
  it('finds the setting a server error names', () => {
    const sent = [{ key: 'a', number: 1 }, { key: 'b', number: 2 }];
    expect(keyOfField('input[1].number', sent)).toBe('b');
    expect(keyOfField('input[5].number', sent)).toBeUndefined();
    expect(keyOfField('input', sent)).toBeUndefined();
  });
});
