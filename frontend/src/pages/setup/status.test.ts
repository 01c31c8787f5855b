import { describe, expect, it } from 'vitest';
import { firstMissing, stepsDone, type SetupStatus } from './status';
import { resumeStep } from './SetupPage';

const empty: SetupStatus = { root: null, agencyDepartments: 0, frontlineUnits: 0, activeStaff: 0, accounts: 1, calendarYears: [] };
const root = { id: '1', name: '某市城市管理局', code: 'ROOT' };

describe('setup status', () => {
  it('names the first missing piece in the order asked', () => {
    expect(firstMissing(undefined, ['agency'])).toBeNull();
    expect(firstMissing(empty, ['agency', 'departments', 'staff'])).toBe('agency');
    expect(firstMissing({ ...empty, root }, ['agency', 'departments', 'staff'])).toBe('departments');
    expect(firstMissing({ ...empty, root, frontlineUnits: 1 }, ['agency', 'departments', 'staff'])).toBe('staff');
    expect(firstMissing({ ...empty, root, agencyDepartments: 2, activeStaff: 5 }, ['agency', 'departments', 'staff'])).toBeNull();
    // The responsibility list: only once its count is known.
    expect(firstMissing(empty, ['responsibility'])).toBeNull();
    expect(firstMissing(empty, ['responsibility'], 0)).toBe('responsibility');
    expect(firstMissing(empty, ['responsibility'], 3)).toBeNull();
  });

  it('resumes the wizard at the first step not done', () => {
    expect(resumeStep(empty, 2026)).toBe(0);
    expect(resumeStep({ ...empty, root }, 2026)).toBe(1);
    expect(resumeStep({ ...empty, root, agencyDepartments: 1, calendarYears: [2025] }, 2026)).toBe(2);
    expect(resumeStep({ ...empty, root, agencyDepartments: 1, calendarYears: [2026] }, 2026)).toBe(3);
    // The first administrator alone does not count as "accounts done".
    expect(stepsDone({ ...empty, root, accounts: 1 }, 2026).accounts).toBe(false);
    expect(resumeStep({ ...empty, root, agencyDepartments: 1, calendarYears: [2026, 2027], accounts: 3 }, 2026)).toBe(4);
  });
});
