import type { AdminSettingFieldsFragment, SettingInput } from '../../graphql/graphql';

export type SettingRow = AdminSettingFieldsFragment;
/** A form value: the number of a NUMBER/INTEGER setting, the department id of a DEPARTMENT one. */
export type SettingValue = number | string | null | undefined;
export type SettingValues = Record<string, SettingValue>;

/** The two thresholds the server keeps in order (leads-without-doing below does-it-all). */
export const LEADS_BELOW = 'metrics.leads_without_doing_below';
export const DOES_ALL_ABOVE = 'metrics.does_it_all_above';

export function initialValues(rows: readonly SettingRow[]): SettingValues {
  return Object.fromEntries(rows.map((r) => [r.key, r.kind === 'DEPARTMENT' ? (r.department?.id ?? null) : r.number]));
}

export type Problem =
  | { code: 'required' }
  | { code: 'integer' }
  | { code: 'range'; min: number; max: number }
  | { code: 'order'; other: string };

/** A value's problem against the setting's documented kind and range, or null. */
export function checkValue(row: SettingRow, v: SettingValue): Problem | null {
  if (row.kind === 'DEPARTMENT') return null; // unset is allowed: the default applies
  if (typeof v !== 'number' || Number.isNaN(v)) return { code: 'required' };
  if (row.kind === 'INTEGER' && !Number.isInteger(v)) return { code: 'integer' };
  const min = row.min ?? -Infinity;
  const max = row.max ?? Infinity;
  if (v < min || v > max) return { code: 'range', min, max };
  return null;
}

/** Problems between settings: the leads-without-doing threshold stays below the does-it-all one. */
export function crossProblems(values: SettingValues): Record<string, Problem> {
  const lo = values[LEADS_BELOW];
  const hi = values[DOES_ALL_ABOVE];
  if (typeof lo === 'number' && typeof hi === 'number' && !(lo < hi)) return { [LEADS_BELOW]: { code: 'order', other: DOES_ALL_ABOVE } };
  return {};
}

/**
 * The changes to send (one updateSettings call): a number or department that differs from the value in
 * force, `reset: true` for a setting put back to its default (`resets`) or a department setting cleared.
 */
export function settingChanges(rows: readonly SettingRow[], values: SettingValues, resets: ReadonlySet<string>): SettingInput[] {
  const out: SettingInput[] = [];
  for (const r of rows) {
    const v = values[r.key];
    if (r.kind === 'DEPARTMENT') {
      const now = r.department?.id ?? null;
      if ((v ?? null) === now) continue;
      if (v === null || v === undefined || v === '') {
        if (!r.isDefault) out.push({ key: r.key, reset: true });
      } else out.push({ key: r.key, department: String(v) });
      continue;
    }
    if (typeof v !== 'number') continue;
    if (resets.has(r.key) && v === r.default) {
      if (!r.isDefault) out.push({ key: r.key, reset: true });
      continue;
    }
    if (v !== r.number) out.push({ key: r.key, number: v });
  }
  return out;
}

/** The setting a server error names: `input[2].number` → the key of the third change sent. */
export function keyOfField(field: string | undefined, sent: readonly SettingInput[]): string | undefined {
  if (!field) return undefined;
  const m = /^input\[(\d+)\]/.exec(field);
  if (!m) return undefined;
  return sent[Number(m[1])]?.key;
}
