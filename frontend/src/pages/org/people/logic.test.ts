import { describe, expect, it } from 'vitest';
import {
  createStaffInput,
  daysInclusive,
  fieldError,
  formFieldOf,
  generatePassword,
  handOutCsv,
  lastDayBefore,
  leaveWhere,
  needsStaff,
  parsePastedAccounts,
  shanghaiDay,
  shanghaiMidnight,
  staffWhere,
  subtreeIds,
  updateStaffInput,
  type StaffFormValues,
} from './logic';

describe('days in Asia/Shanghai', () => {
  it('reads the calendar day of a time, whatever its offset', () => {
    expect(shanghaiDay('2026-03-01T00:00:00+08:00')).toBe('2026-03-01');
    // 16:00 UTC is already the next day in Shanghai.
    expect(shanghaiDay('2026-02-28T16:00:00Z')).toBe('2026-03-01');
    expect(shanghaiDay(null)).toBeNull();
    expect(shanghaiDay('not a time')).toBeNull();
  });

  it('turns the exclusive end of a secondment into its last day', () => {
    expect(lastDayBefore('2026-09-01T00:00:00+08:00')).toBe('2026-08-31');
    expect(lastDayBefore('2027-01-01T00:00:00+08:00')).toBe('2026-12-31');
  });

  it('writes 00:00 of a day (and days after) with the +08:00 offset', () => {
    expect(shanghaiMidnight('2026-12-31')).toBe('2026-12-31T00:00:00+08:00');
    expect(shanghaiMidnight('2026-12-31', 1)).toBe('2027-01-01T00:00:00+08:00');
    expect(shanghaiMidnight('2024-02-28', 1)).toBe('2024-02-29T00:00:00+08:00');
  });

  it('counts both ends of a range', () => {
    expect(daysInclusive('2026-12-30', '2027-01-02')).toBe(4);
    expect(daysInclusive('2026-05-01', '2026-05-01')).toBe(1);
  });
});

describe('subtreeIds', () => {
  const depts = [
    { id: '1', parentID: null },
    { id: '2', parentID: '1' },
    { id: '3', parentID: '2' },
    { id: '4', parentID: '3' },
    { id: '5', parentID: '1' },
  ];
  it('gives the department and everything below it, not its siblings', () => {
    expect(subtreeIds(depts, '2').sort()).toEqual(['2', '3', '4']);
    expect(subtreeIds(depts, '5')).toEqual(['5']);
    expect(subtreeIds(depts, '1').sort()).toEqual(['1', '2', '3', '4', '5']);
  });
  it('survives a cycle in bad data', () => {
    expect(subtreeIds([{ id: 'a', parentID: 'b' }, { id: 'b', parentID: 'a' }], 'a').sort()).toEqual(['a', 'b']);
  });
});

describe('filters', () => {
  it('searches the staff by name or number, in a subtree, on duty by default', () => {
    expect(staffWhere({})).toEqual({ active: true });
    expect(staffWhere({ active: 'all' })).toBeUndefined();
    expect(staffWhere({ q: ' 周 ', departments: ['2', '3'], active: 'inactive' })).toEqual({
      or: [{ nameContains: '周' }, { employeeNoContains: '周' }],
      departmentIDIn: ['2', '3'],
      active: false,
    });
  });

  it('lists the absences touching a date range', () => {
    expect(leaveWhere({})).toBeUndefined();
    expect(leaveWhere({ staff: '9', from: '2026-12-01', to: '2026-12-31', departments: ['2'], kind: 'TRIP' })).toEqual({
      staffID: '9',
      hasStaffWith: [{ departmentIDIn: ['2'] }],
      endsAtGT: '2026-12-01T00:00:00+08:00',
      startsAtLT: '2027-01-01T00:00:00+08:00',
      kind: 'TRIP',
    });
  });
});

describe('server error fields', () => {
  it('maps extensions.field to a form path', () => {
    expect(formFieldOf('employeeNo')).toEqual(['employeeNo']);
    expect(formFieldOf('input.secondment.lastDay')).toEqual(['secondment', 'lastDay']);
    expect(formFieldOf('inputs[2].login')).toEqual(['rows', 2, 'login']);
    expect(formFieldOf('inputs')).toBeNull();
    expect(formFieldOf(undefined)).toBeNull();
  });

  const err = (code: string, field?: string) => ({ graphQLErrors: [{ message: '冲突 / conflict', extensions: { code, field } }] });
  it('puts a CONFLICT or bad input on a field the form has, and nothing else', () => {
    expect(fieldError(err('CONFLICT', 'firstDay'), ['firstDay', 'lastDay'])).toEqual({ name: ['firstDay'], code: 'CONFLICT' });
    expect(fieldError(err('BAD_USER_INPUT', 'inputs[1].staff'), ['rows.*.login', 'rows.*.staff'])).toEqual({ name: ['rows', 1, 'staff'], code: 'BAD_USER_INPUT' });
    expect(fieldError(err('BAD_USER_INPUT', 'id'), ['firstDay'])).toBeNull();
    expect(fieldError(err('FORBIDDEN', 'firstDay'), ['firstDay'])).toBeNull();
  });
});

describe('staff inputs', () => {
  const base: StaffFormValues = { name: ' 周敏 ', employeeNo: 'E9001 ', department: '2', active: true, weeklyCapacityHours: 40 };

  it('creates with a secondment only when a department served is chosen', () => {
    expect(createStaffInput(base)).toEqual({ name: '周敏', employeeNo: 'E9001', department: '2', position: '', rank: '', weeklyCapacityHours: 40, active: true });
    expect(createStaffInput({ ...base, mentor: '7', servingDepartment: '3', secondmentFirstDay: '2026-03-01', secondmentLastDay: null })).toMatchObject({
      mentor: '7',
      secondment: { servingDepartment: '3', firstDay: '2026-03-01' },
    });
  });

  it('removes a mentor and secondment the form cleared, and leaves alone ones never there', () => {
    const cleared = updateStaffInput(base, { mentor: { id: '7' }, secondedTo: { id: '3' } });
    expect(cleared.mentor).toBeNull();
    expect(cleared.secondment).toBeNull();
    const never = updateStaffInput(base, { mentor: null, secondedTo: null });
    expect('mentor' in never).toBe(false);
    expect('secondment' in never).toBe(false);
    expect(updateStaffInput({ ...base, weeklyCapacityHours: 0 }, {}).weeklyCapacityHours).toBe(0);
  });
});

describe('accounts', () => {
  it('knows which roles need a person', () => {
    expect(needsStaff('ADMIN')).toBe(false);
    expect(['STAFF', 'LEADER', 'FRONTLINE'].every((r) => needsStaff(r as 'STAFF'))).toBe(true);
  });

  it('makes passwords of the asked length with letters and digits, without look-alikes', () => {
    for (let i = 0; i < 50; i++) {
      const p = generatePassword();
      expect(p).toHaveLength(12);
      expect(p).toMatch(/\d/);
      expect(p).toMatch(/[a-zA-Z]/);
      expect(p).not.toMatch(/[0O1lI]/);
    }
    expect(new Set(Array.from({ length: 20 }, () => generatePassword())).size).toBe(20);
  });

  it('writes the hand-out file for Excel: BOM, quoted cells, no formulas', () => {
    const csv = handOutCsv(
      [
        { login: 'zhou.min', role: 'STAFF', name: '周敏', employeeNo: 'E9001', password: 'abc,"x' },
        { login: '=cmd', role: 'ADMIN', password: 'p2' },
      ],
      ['账号', '角色', '姓名', '工号', '初始密码'],
      (r) => (r === 'STAFF' ? '机关干部' : '系统管理员'),
    );
    expect(csv.startsWith('\uFEFF账号,角色,姓名,工号,初始密码\r\n')).toBe(true);
    expect(csv).toContain('zhou.min,机关干部,周敏,E9001,"abc,""x"\r\n');
    expect(csv).toContain("'=cmd,系统管理员,,,p2\r\n");
  });
});

describe('parsePastedAccounts', () => {
  it('reads tab- or comma-separated rows, skips a header, defaults the role and reports bad lines', () => {
    const { rows, errors } = parsePastedAccounts('账号\t工号\t角色\nzhou.min\tE9001\t机关干部\nli.qiang, E9002, LEADER\n\nops.admin\n,E9003\nx.y\tE9004\t局长\n');
    expect(rows).toEqual([
      { line: 2, login: 'zhou.min', employeeNo: 'E9001', role: 'STAFF' },
      { line: 3, login: 'li.qiang', employeeNo: 'E9002', role: 'LEADER' },
      { line: 5, login: 'ops.admin', employeeNo: '', role: 'ADMIN' },
    ]);
    expect(errors.map((e) => e.line)).toEqual([6, 7]);
  });
});
